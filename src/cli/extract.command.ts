import type { Command } from 'commander';
import { Option } from 'commander';
import { extractRegister } from '../core/extract-register.ts';
import { parseSigned } from '../core/commitment/deadlines.ts';
import { toRegisterJson } from '../core/register-json.ts';
import { readSourceFile } from '../readers/read-source.ts';
import { CliError } from './cli-error.ts';
import { registerCsv, registerTable } from './format-register.ts';

interface ExtractFlags {
  signed?: string;
  lang?: 'en' | 'ja';
  format: 'json' | 'table' | 'csv';
  title?: string;
  parties?: string;
}

/** `accord extract FILE`: parse an agreement and print its commitment register; no database. */
export function registerExtractCommand(program: Command, write: (s: string) => void): void {
  program
    .command('extract')
    .description("parse an agreement's text and print its commitment register (no database)")
    .argument('<file>', 'the agreement: .txt, .md, .html or .pdf')
    .option('--signed <date>', 'signing date YYYY-MM-DD; deadlines are resolved against it')
    .addOption(
      new Option('--lang <lang>', 'language of the text (detected when absent)').choices([
        'en',
        'ja',
      ]),
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['json', 'table', 'csv'])
        .default('table'),
    )
    .option('--title <title>', "the agreement's title (read from the text when absent)")
    .option(
      '--parties <codes>',
      'parties as ISO codes, comma-separated, e.g. GB,JP (detected when absent)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  accord extract accord.txt --signed 2023-05-18\n  accord extract statement.pdf --format json > register.json',
    )
    .action(async (file: string, flags: ExtractFlags) => {
      if (flags.signed !== undefined && !parseSigned(flags.signed)) {
        throw new CliError(
          `invalid --signed date "${flags.signed}": use a real date as YYYY-MM-DD, e.g. 2023-05-18`,
        );
      }
      const source = await readSourceFile(file);
      const register = extractRegister(source, {
        ...(flags.signed ? { signed: flags.signed } : {}),
        ...(flags.lang ? { language: flags.lang } : {}),
        ...(flags.title ? { title: flags.title } : {}),
        ...(flags.parties
          ? {
              parties: flags.parties
                .split(',')
                .map((p) => p.trim())
                .filter(Boolean),
            }
          : {}),
      });
      if (flags.format === 'json') write(JSON.stringify(toRegisterJson(register), null, 2) + '\n');
      else if (flags.format === 'csv') write(registerCsv(register));
      else write(registerTable(register, process.stdout.isTTY ? process.stdout.columns : 120));
    });
}
