// Fills a database through importAgreement, in a fresh process: `tsx bench/service/fill.ts
// CORPUS.json pglite DATA_DIR` or `... CORPUS.json postgres` (DATABASE_URL). Prints one JSON line.
import { readFileSync } from 'node:fs';
import { systemActor } from '../../src/services/actor.ts';
import { importAgreement } from '../../src/services/import-agreement.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import type { BenchAgreement } from './corpus.ts';

export interface FillResult {
  agreements: number;
  commitments: number;
  seconds: number;
  openSeconds: number;
  peakRssMb: number;
}

const [corpusFile, engine, dataDir] = process.argv.slice(2);
if (!corpusFile || (engine !== 'pglite' && engine !== 'postgres'))
  throw new Error('usage: fill.ts CORPUS.json pglite DATA_DIR | postgres');
const corpus = JSON.parse(readFileSync(corpusFile, 'utf8')) as BenchAgreement[];

const opened = process.hrtime.bigint();
const database = await openDatabase(
  engine === 'postgres' ? { databaseUrl: process.env.DATABASE_URL } : { dataDir },
);
const openSeconds = Number(process.hrtime.bigint() - opened) / 1e9;
const existing = await database.db
  .selectFrom('agreements')
  .select('id')
  .limit(1)
  .executeTakeFirst();
if (existing) {
  await database.close();
  throw new Error('the database already holds agreements: the benchmark needs an empty one');
}

const started = process.hrtime.bigint();
let commitments = 0;
for (const [i, a] of corpus.entries()) {
  const imported = await importAgreement(database, systemActor, {
    source: { text: a.text, format: 'text', hints: [] },
    fileName: a.fileName,
  });
  commitments += imported.commitments;
  if ((i + 1) % 100 === 0) {
    const s = Number(process.hrtime.bigint() - started) / 1e9;
    process.stderr.write(
      `  ${engine} import: ${i + 1} agreements, ${commitments} commitments, ${s.toFixed(0)} s\n`,
    );
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await database.close();
const result: FillResult = {
  agreements: corpus.length,
  commitments,
  seconds,
  openSeconds,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
