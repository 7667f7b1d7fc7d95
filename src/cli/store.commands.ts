import type { Command } from 'commander';
import { readConfig } from '../config.ts';
import { DomainError } from '../core/domain-error.ts';
import { findCountry } from '../core/agreement/parties.ts';
import { parseSigned } from '../core/commitment/deadlines.ts';
import { readSourceFile } from '../readers/read-source.ts';
import { createUser, listUsers, resetPassword } from '../services/accounts.ts';
import { roles, systemActor, type Role } from '../services/actor.ts';
import { importAgreement } from '../services/import-agreement.ts';
import { backupDatabase, restoreDatabase } from '../store/backup.ts';
import { verifyEventChain } from '../store/event-log.ts';
import { CliError } from './cli-error.ts';
import { withStore } from './open-store.ts';

type Write = (s: string) => void;

const cliActor = { ...systemActor, name: 'cli' };

/** Domain errors of commands that act on the store are bad input: one line, exit 2. */
async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message);
    throw error;
  }
}

/** `accord import`, `accord user`, `accord verify`, `accord backup`, `accord restore`. */
export function registerStoreCommands(program: Command, write: Write): void {
  program
    .command('import')
    .description('import an agreement into the database and extract its register')
    .argument('<file>', 'the agreement: .txt, .md, .html or .pdf')
    .option('--title <title>', "the agreement's title (read from the text when absent)")
    .option('--parties <codes>', 'parties as ISO codes, comma-separated, e.g. GB,JP')
    .option('--signed <date>', 'signing date YYYY-MM-DD')
    .option('--place <place>', 'where it was signed')
    .option('--lang <lang>', 'en or ja (detected when absent)')
    .option('--source-url <url>', 'where the text was published')
    .option('--private', 'visible to signed-in members only')
    .option('--format <format>', 'json prints the result as JSON', 'text')
    .action(
      async (
        file: string,
        flags: {
          title?: string;
          parties?: string;
          signed?: string;
          place?: string;
          lang?: string;
          sourceUrl?: string;
          private?: boolean;
          format: string;
        },
      ) => {
        if (flags.signed !== undefined && !parseSigned(flags.signed))
          throw new CliError(`invalid --signed date "${flags.signed}": use YYYY-MM-DD`);
        if (flags.lang !== undefined && flags.lang !== 'en' && flags.lang !== 'ja')
          throw new CliError(`invalid --lang "${flags.lang}": use en or ja`);
        const parties = flags.parties
          ?.split(',')
          .map((p) => p.trim().toUpperCase())
          .filter(Boolean);
        const unknown = parties?.filter((p) => !findCountry(p));
        if (unknown?.length)
          throw new CliError(
            `unknown party code ${unknown.join(', ')}: use ISO 3166 codes such as GB, JP`,
          );
        const source = await readSourceFile(file);
        const result = await withStore(readConfig(), (database) =>
          run(() =>
            importAgreement(database, cliActor, {
              source,
              fileName: file.split('/').pop(),
              title: flags.title,
              parties,
              signed: flags.signed,
              place: flags.place,
              language: flags.lang as 'en' | 'ja' | undefined,
              sourceUrl: flags.sourceUrl,
              private: flags.private,
            }),
          ),
        );
        write(
          flags.format === 'json'
            ? `${JSON.stringify(result)}\n`
            : `imported agreement ${result.id} (${result.slug}): ${result.commitments} commitments\n`,
        );
      },
    );

  const user = program.command('user').description('manage users: add, list, reset');
  user
    .command('add')
    .description('add a user; prints a generated password once unless --password is given')
    .argument('<email>')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--name <name>', 'display name')
    .option('--password <password>', 'the password (at least 10 characters); generated when absent')
    .action(async (email: string, flags: { role: string; name?: string; password?: string }) => {
      if (!roles.includes(flags.role as Role))
        throw new CliError(`invalid --role "${flags.role}": use ${roles.join(', ')}`);
      const created = await withStore(readConfig(), (database) =>
        run(() =>
          createUser(database, cliActor, {
            email,
            role: flags.role as Role,
            name: flags.name,
            password: flags.password,
          }),
        ),
      );
      write(
        `added ${created.user.email} (${created.user.role})${flags.password ? '' : ` with the one-time password: ${created.password}`}\n`,
      );
    });
  user
    .command('list')
    .description('list users')
    .option('--format <format>', 'table or json', 'table')
    .action(async (flags: { format: string }) => {
      const users = await withStore(readConfig(), (database) => listUsers(database, cliActor));
      if (flags.format === 'json') write(`${JSON.stringify(users, null, 2)}\n`);
      else
        write(
          users
            .map(
              (u) =>
                `${u.id.padStart(4)}  ${u.role.padEnd(8)}  ${u.disabled ? 'disabled ' : ''}${u.email}`,
            )
            .join('\n') + '\n',
        );
    });
  user
    .command('reset')
    .description("reset a user's password; prints the new one-time password")
    .argument('<email>')
    .action(async (email: string) => {
      const result = await withStore(readConfig(), (database) =>
        run(() => resetPassword(database, cliActor, email)),
      );
      write(`new one-time password for ${result.user.email}: ${result.password}\n`);
    });

  program
    .command('verify')
    .description('recompute the hash chain of the history and report the first broken link')
    .option('--format <format>', 'text or json', 'text')
    .action(async (flags: { format: string }) => {
      const result = await withStore(readConfig(), (database) => verifyEventChain(database.db));
      if (flags.format === 'json') write(`${JSON.stringify(result)}\n`);
      else if (result.ok)
        write(`history intact: ${result.events} events, last hash ${result.lastHash}\n`);
      if (!result.ok)
        throw new CliError(
          `history broken at event ${result.broken!.id}: it ${result.broken!.reason}`,
          3,
        );
    });

  program
    .command('backup')
    .description(
      'write a portable, compressed backup of the whole database (restores into PGlite or PostgreSQL)',
    )
    .argument('<file>')
    .action(async (file: string) => {
      const result = await withProgress((onProgress) =>
        withStore(readConfig(), (database) =>
          run(() => backupDatabase(database, file, onProgress)),
        ),
      );
      write(`backed up ${rowCount(result.tables)} rows to ${file}\n`);
    });

  program
    .command('restore')
    .description('restore a backup into an empty database')
    .argument('<file>')
    .action(async (file: string) => {
      const result = await withProgress((onProgress) =>
        withStore(readConfig(), (database) =>
          run(() => restoreDatabase(database, file, onProgress)),
        ),
      );
      write(
        `restored ${rowCount(result.tables)} rows; history intact up to ${result.lastEventHash}\n`,
      );
    });
}

const rowCount = (tables: Record<string, number>) =>
  Object.values(tables).reduce((a, b) => a + b, 0);

/** Shows progress on a terminal and stays quiet when stderr is piped. */
async function withProgress<T>(
  work: (options: { onProgress?: (table: string, rows: number) => void }) => Promise<T>,
): Promise<T> {
  if (!process.stderr.isTTY) return work({});
  try {
    return await work({
      onProgress: (table, rows) => process.stderr.write(`\r${table}: ${rows} rows   `),
    });
  } finally {
    process.stderr.write('\n');
  }
}
