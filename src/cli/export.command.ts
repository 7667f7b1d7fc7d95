import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { Option } from 'commander';
import { readConfig } from '../config.ts';
import { DomainError } from '../core/domain-error.ts';
import type { RegisterExport } from '../services/export-register.ts';
import { CliError } from './cli-error.ts';
import { withStore } from './open-store.ts';

// Exports load on first use, with their libraries (see services/exports.ts).
const exporters = () => import('../services/exports.ts');

export const exportFormats = [
  'csv',
  'xlsx',
  'json',
  'akn',
  'atom',
  'report',
  'datapackage',
] as const;
type ExportFormat = (typeof exportFormats)[number];

interface ExportFlags {
  agreement?: string;
  format: ExportFormat;
  out: string;
  cycle?: string;
  public?: boolean;
  baseUrl: string;
}

/**
 * `accord export --agreement ID --format FORMAT --out PATH`: the register as CSV or XLSX, the
 * whole agreement as JSON or Akoma Ntoso, the Atom feed, the progress report (HTML, or PDF when
 * PATH ends in .pdf) or the data package (a folder, or a zip when PATH ends in .zip).
 */
export function registerExportCommand(program: Command, write: (s: string) => void): void {
  program
    .command('export')
    .description('export an agreement: register (csv, xlsx), json, akn, atom, report, datapackage')
    .option('--agreement <id>', 'the agreement (id or slug); atom without it is the overall feed')
    .addOption(
      new Option('--format <format>', 'what to write').choices(exportFormats).makeOptionMandatory(),
    )
    .requiredOption(
      '--out <path>',
      'where to write (report: .html or .pdf; datapackage: a folder or .zip)',
    )
    .option('--cycle <id>', 'the reporting cycle (csv, xlsx, report; the latest when absent)')
    .option('--public', 'what anonymous visitors see: approved assessments only, no history')
    .option('--base-url <url>', 'base address for links in the Atom feed', 'http://127.0.0.1:3000')
    .action(async (flags: ExportFlags) => {
      const {
        exportAgreementAkn,
        exportDataPackage,
        zipDataPackage,
        atomFeed,
        publishedChanges,
        exportAgreementJson,
        exportRegister,
        canPrintPdf,
        exportReport,
        printPdf,
      } = await exporters();
      if (flags.format !== 'atom' && !flags.agreement)
        throw new CliError(`--format ${flags.format} needs --agreement ID`);
      if (flags.cycle !== undefined && !/^\d{1,18}$/.test(flags.cycle))
        throw new CliError(`invalid --cycle "${flags.cycle}": give a cycle id`);
      const reader = { member: !flags.public };
      const summary = await withStore(readConfig(), (database) =>
        run(async () => {
          const id = flags.agreement ?? '';
          switch (flags.format) {
            case 'csv':
            case 'xlsx': {
              const register = await exportRegister(database, id, reader, { cycleId: flags.cycle });
              const n = await toFile(flags.out, register, flags.format);
              return `${n} commitments`;
            }
            case 'json': {
              const doc = await exportAgreementJson(database, id, reader);
              await writeOut(flags.out, `${JSON.stringify(doc, null, 2)}\n`);
              return `${doc.commitments.length} commitments, ${doc.assessments.length} assessments, ${doc.events.length} events`;
            }
            case 'akn': {
              const { xml } = await exportAgreementAkn(database, id, reader);
              await writeOut(flags.out, xml);
              return 'Akoma Ntoso 3.0';
            }
            case 'atom': {
              const feed = await publishedChanges(database, {
                agreement: flags.agreement,
                reader: { member: false },
              });
              await writeOut(flags.out, atomFeed(feed, flags.baseUrl));
              return `${feed.changes.length} entries`;
            }
            case 'report': {
              const { html } = await exportReport(database, id, reader, { cycleId: flags.cycle });
              if (flags.out.toLowerCase().endsWith('.pdf')) {
                if (!canPrintPdf())
                  throw new CliError(
                    'a PDF report needs Chromium (apt-get install chromium): write .html instead',
                  );
                await writeOut(flags.out, await printPdf(html));
                return 'PDF report';
              }
              await writeOut(flags.out, html);
              return 'HTML report';
            }
            case 'datapackage': {
              const pkg = await exportDataPackage(database, id, reader);
              if (flags.out.toLowerCase().endsWith('.zip'))
                await writeOut(flags.out, zipDataPackage(pkg.files));
              else
                for (const file of pkg.files) {
                  await mkdir(dirname(join(flags.out, file.name)), { recursive: true });
                  await writeFile(join(flags.out, file.name), file.data);
                }
              return `${pkg.files.length - 1} tables`;
            }
          }
        }),
      );
      write(`wrote ${flags.out} (${flags.format}: ${summary})\n`);
    });
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message);
    throw error;
  }
}

async function writeOut(path: string, data: string | Buffer): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
}

async function toFile(
  path: string,
  register: RegisterExport,
  format: 'csv' | 'xlsx',
): Promise<number> {
  const { writeRegisterCsv, writeRegisterXlsx } = await exporters();
  const through = new PassThrough();
  const file = createWriteStream(path);
  const done = pipeline(through, file);
  try {
    const n =
      format === 'csv'
        ? await writeRegisterCsv(register, through)
        : await writeRegisterXlsx(register, through);
    through.end();
    await done;
    return n;
  } catch (error) {
    through.destroy();
    await done.catch(() => undefined);
    await rm(path, { force: true });
    if (
      error instanceof Error &&
      'code' in error &&
      typeof error.code === 'string' &&
      error.code.startsWith('E')
    )
      throw new CliError(`cannot write ${path}: ${error.message.split('\n')[0]}`);
    throw error;
  }
}

export type { ExportFormat };
