import type { Command } from 'commander';
import { Option } from 'commander';
import { isIsoDate } from '../core/matching/item-date.ts';
import { matchAgainstAgreement, toMatchJson } from '../core/matching/match-agreement.ts';
import type { Match } from '../core/matching/match-text.ts';
import { readSourceFile } from '../readers/read-source.ts';
import { CliError } from './cli-error.ts';

interface MatchFlags {
  against: string;
  signed?: string;
  published?: string;
  format?: 'json' | 'table';
}

/** `accord match TEXT_FILE --against AGREEMENT_FILE`: which commitments a text advances; no database. */
export function registerMatchCommand(program: Command, write: (s: string) => void): void {
  program
    .command('match')
    .description(
      "rank an agreement's commitments by how much a text (news item, press release) advances them (no database)",
    )
    .argument('<text-file>', 'the item: .txt, .md, .html or .pdf')
    .requiredOption('--against <agreement-file>', 'the agreement: .txt, .md, .html or .pdf')
    .option('--signed <date>', "the agreement's signing date YYYY-MM-DD (for deadlines and dates)")
    .option('--published <date>', "the item's date YYYY-MM-DD (read from the text when absent)")
    .addOption(
      new Option(
        '--format <format>',
        'output format (default: table on a terminal, json when the output is piped or redirected)',
      ).choices(['json', 'table']),
    )
    .addHelpText(
      'after',
      '\nAt most 10 matches, best first; JSON: {"matches": [{"commitment": {"id", "text", "span"}, "score", "reason"}]}.\n\nExamples:\n  accord match news.txt --against accord.txt --signed 2023-05-18\n  accord match page.html --against accord.pdf --published 2023-10-30 --format json',
    )
    .action(async (file: string, flags: MatchFlags) => {
      for (const [name, value] of [
        ['--signed', flags.signed],
        ['--published', flags.published],
      ] as const) {
        if (value !== undefined && !isIsoDate(value))
          throw new CliError(`invalid ${name} date "${value}": use a real date as YYYY-MM-DD`);
      }
      const item = await readSourceFile(file);
      if (item.text.trim() === '') throw new CliError(`${file} has no text to match`);
      const agreement = await readSourceFile(flags.against);
      if (agreement.text.trim() === '')
        throw new CliError(`${flags.against} has no text: give an agreement`);
      const matches = matchAgainstAgreement(item.text, agreement, {
        ...(flags.signed ? { signed: flags.signed } : {}),
        ...(flags.published ? { published: flags.published } : {}),
      });
      const format = flags.format ?? (process.stdout.isTTY ? 'table' : 'json');
      if (format === 'json') write(JSON.stringify(toMatchJson(matches), null, 2) + '\n');
      else write(matchTable(matches, process.stdout.isTTY ? process.stdout.columns : 120));
    });
}

function matchTable(matches: readonly Match[], width: number): string {
  if (matches.length === 0) return 'No commitment of the agreement matches this text.\n';
  const lines = ['RANK  SCORE  COMMITMENT'];
  const room = Math.max(40, width - 13);
  matches.forEach((m, i) => {
    const text = m.commitment.text.replace(/\s+/g, ' ');
    lines.push(
      `${String(i + 1).padStart(4)}  ${m.score.toFixed(3)}  ${m.commitment.id}`,
      `             ${text.length > room ? `${text.slice(0, room - 1)}…` : text}`,
      `             why: ${m.reason}`,
    );
  });
  return lines.join('\n') + '\n';
}
