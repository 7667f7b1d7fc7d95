import type { Command } from 'commander';
import { Option } from 'commander';
import { readConfig } from '../config.ts';
import { pollDueSources, pollSource, type PollOutcome } from '../jobs/poll-feeds.ts';
import { systemActor } from '../services/actor.ts';
import { addFeedSource, listFeedSources } from '../services/feeds.ts';
import { findAgreement } from '../store/agreement.repository.ts';
import type { Database } from '../store/open-database.ts';
import { CliError } from './cli-error.ts';
import { withStore } from './open-store.ts';

const cliActor = { ...systemActor, name: 'cli' };

async function agreementId(database: Database, idOrSlug: string): Promise<string> {
  const agreement = await findAgreement(database.db, idOrSlug);
  if (!agreement) throw new CliError(`no agreement "${idOrSlug}": see GET /api/accords`);
  return agreement.id;
}

/** `accord feed add|list|poll`: the feeds an agreement watches for evidence. */
export function registerFeedCommands(program: Command, write: (s: string) => void): void {
  const feed = program
    .command('feed')
    .description('watch official feeds (RSS, Atom, RDF, JSON Feed) for evidence');

  feed
    .command('add')
    .description('watch a feed for an agreement')
    .argument('<agreement>', 'the agreement: its id or slug')
    .argument('<url>', 'the feed address (http or https)')
    .option('--interval <minutes>', 'minutes between polls (5-10080, default 60)')
    .action(async (agreement: string, url: string, flags: { interval?: string }) => {
      const interval = flags.interval === undefined ? 60 : Number(flags.interval);
      if (!Number.isInteger(interval) || interval < 5 || interval > 10_080)
        throw new CliError(`invalid --interval "${flags.interval}": use 5-10080 minutes`);
      await withStore(readConfig(), async (database) => {
        const row = await addFeedSource(
          database,
          cliActor,
          await agreementId(database, agreement),
          {
            url,
            intervalMinutes: interval,
          },
        );
        write(`feed ${row.id} added: ${row.url} (every ${row.interval_minutes} min)\n`);
      });
    });

  feed
    .command('list')
    .description("an agreement's feeds and their last poll")
    .argument('<agreement>', 'the agreement: its id or slug')
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'table']).default('table'),
    )
    .action(async (agreement: string, flags: { format: 'json' | 'table' }) => {
      await withStore(readConfig(), async (database) => {
        const rows = await listFeedSources(database, await agreementId(database, agreement));
        if (flags.format === 'json') {
          write(JSON.stringify({ feeds: rows }, null, 2) + '\n');
          return;
        }
        if (rows.length === 0) write('No feeds: add one with accord feed add.\n');
        for (const r of rows)
          write(
            `${r.id}\t${r.enabled ? 'on' : 'off'}\t${r.last_status ?? '-'}\t${r.url}${r.last_error ? `\t${r.last_error}` : ''}\n`,
          );
      });
    });

  feed
    .command('poll')
    .description('poll now: the feeds that are due, or every feed of one agreement')
    .argument('[agreement]', 'the agreement: its id or slug (default: every due feed)')
    .action(async (agreement: string | undefined) => {
      await withStore(readConfig(), async (database) => {
        let outcomes: PollOutcome[];
        if (agreement === undefined) outcomes = await pollDueSources(database);
        else {
          outcomes = [];
          for (const s of await listFeedSources(database, await agreementId(database, agreement)))
            outcomes.push(await pollSource(database, s.id));
        }
        for (const o of outcomes) write(`${describe(o)}\n`);
        if (outcomes.length === 0) write('No feed is due.\n');
      });
    });
}

function describe(o: PollOutcome): string {
  switch (o.status) {
    case 'fetched':
      return `feed ${o.source}: ${o.newItems} new of ${o.seenItems} items, ${o.suggestions} suggestions`;
    case 'not_modified':
      return `feed ${o.source}: unchanged, ${o.suggestions} suggestions`;
    case 'failed':
      return `feed ${o.source}: failed (${o.error})`;
    default:
      return `feed ${o.source}: gone`;
  }
}
