import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { readConfig } from '../config.ts';
import { DomainError } from '../core/domain-error.ts';
import { isReadError } from '../readers/read-error.ts';
import { actorOf } from '../services/accounts.ts';
import { hasRole, systemActor, type Actor } from '../services/actor.ts';
import type { Database } from '../store/open-database.ts';
import { CliError } from './cli-error.ts';
import { withStore } from './open-store.ts';

// Exports load on first use, with their libraries (see services/exports.ts).
const exporters = () => import('../services/exports.ts');

interface ImportBulkFlags {
  dryRun?: boolean;
  as?: string;
  cycle?: string;
  private?: boolean;
}

const cliActor: Actor = { ...systemActor, name: 'cli' };

/**
 * `accord import-bulk FILE [--dry-run]`: by extension, a re-imported register table (.csv,
 * .xlsx: statuses, scores, rationales, evidence; the diff first, nothing applied if any row is
 * invalid), a JSON export (.json: into an empty instance) or an Akoma Ntoso document (.akn, .xml:
 * a new agreement).
 */
export function registerImportBulkCommand(program: Command, write: (s: string) => void): void {
  program
    .command('import-bulk')
    .description(
      'bulk import by extension: .csv/.xlsx register updates, .json export, .akn/.xml Akoma Ntoso',
    )
    .argument('<file>')
    .option('--dry-run', 'check every row and show what would change; change nothing')
    .option('--as <email>', 'the user the changes are made as (assessments need an author)')
    .option(
      '--cycle <id>',
      'the cycle assessments go into (csv, xlsx; else the one in the file, else the latest)',
    )
    .option('--private', 'an Akoma Ntoso import is visible to members only')
    .action(async (file: string, flags: ImportBulkFlags) => {
      const {
        importAgreementAkn,
        importAgreementJson,
        parseAgreementExport,
        readCsvTable,
        readXlsxTable,
        xlsxLimits,
        applyBulkUpdate,
        describeChange,
        planBulkUpdate,
        parseAkomaNtoso,
      } = await exporters();
      const kind = extname(file).toLowerCase();
      if (!['.csv', '.xlsx', '.json', '.akn', '.xml'].includes(kind))
        throw new CliError(`cannot import ${file}: use a .csv, .xlsx, .json, .akn or .xml file`);
      const size = await fileSize(file);
      if (flags.cycle !== undefined && !/^\d{1,18}$/.test(flags.cycle))
        throw new CliError(`invalid --cycle "${flags.cycle}": give a cycle id`);
      await withStore(readConfig(), (database) =>
        run(async () => {
          const actor = flags.as ? await userActor(database, flags.as) : cliActor;
          if (kind === '.csv' || kind === '.xlsx') {
            if (kind === '.xlsx' && size > xlsxLimits.maxBytes)
              throw new CliError(`${file} is over ${xlsxLimits.maxBytes / 1024 / 1024} MiB`);
            const records =
              kind === '.csv'
                ? readCsvTable(createReadStream(file))
                : readXlsxTable(await readFile(file));
            const plan = await planBulkUpdate(database, actor, records, { cycleId: flags.cycle });
            for (const e of plan.errors) write(`line ${e.line}: ${e.problems.join('; ')}\n`);
            for (const c of plan.changes) write(`${describeChange(c)}\n`);
            const where = `agreement ${plan.agreementId ?? '?'}${plan.cycle ? `, cycle ${plan.cycle.id} "${plan.cycle.name}"` : ''}`;
            if (plan.errors.length > 0)
              throw new CliError(
                `nothing applied: ${plan.errors.length} of ${plan.rows} rows are invalid (listed above)`,
              );
            if (flags.dryRun) {
              write(
                `dry run: ${plan.changes.length} change(s) in ${plan.rows} rows (${where}); nothing applied\n`,
              );
              return;
            }
            if (actor.id === null && plan.changes.some((c) => c.kind !== 'link'))
              throw new CliError(
                'assessments need an author: give --as EMAIL of an analyst (or above)',
              );
            const applied = await applyBulkUpdate(database, actor, plan);
            write(`applied ${applied} change(s) in ${plan.rows} rows (${where})\n`);
            return;
          }
          if (kind === '.json') {
            let doc;
            try {
              doc = parseAgreementExport(JSON.parse(await readFile(file, 'utf8')) as unknown);
            } catch (error) {
              if (error instanceof SyntaxError)
                throw new CliError(`${file} is not JSON: ${error.message}`);
              throw error;
            }
            if (flags.dryRun) {
              write(
                `dry run: agreement ${doc.agreement.id} "${doc.agreement.title}": ${doc.commitments.length} commitments, ${doc.evidence.length} evidence, ${doc.assessments.length} assessments; nothing applied\n`,
              );
              return;
            }
            const result = await importAgreementJson(
              database,
              hasRole(actor, 'admin') ? actor : cliActor,
              doc,
            );
            write(
              `imported agreement ${result.agreementId}: ${result.commitments} commitments, ${result.evidence} evidence, ${result.assessments} assessments\n`,
            );
            return;
          }
          const bytes = await readFile(file);
          if (flags.dryRun) {
            const doc = parseAkomaNtoso(bytes);
            write(
              `dry run: "${doc.title ?? file}": ${doc.register ? `${doc.register.commitments.length} commitments from the export` : 'register to be extracted from the text'}; nothing applied\n`,
            );
            return;
          }
          const imported = await importAgreementAkn(database, actor, bytes, {
            fileName: file.split('/').pop(),
            private: flags.private,
          });
          write(
            `imported agreement ${imported.id} (${imported.slug}): ${imported.commitments} commitments\n`,
          );
        }),
      );
    });
}

async function userActor(database: Database, email: string): Promise<Actor> {
  const user = await database.db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'disabled'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user || user.disabled) throw new CliError(`no active user ${email}`);
  return actorOf(user);
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(`${path} is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`no file at ${path}: check the path and try again`);
  }
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError || isReadError(error)) throw new CliError(error.message);
    throw error;
  }
}
