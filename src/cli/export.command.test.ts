import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/accord.js', import.meta.url));
const accordFile = fileURLToPath(
  new URL('../../fixtures/agreements/hiroshima-accord-2023.en.txt', import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), 'accord-export-'));

function accord(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ACCORD_DATA_DIR: dataDir, DATABASE_URL: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('accord export and accord import-bulk', () => {
  const data = join(dir, 'data');
  beforeAll(() => {
    const r = accord(data, 'import', accordFile, '--signed', '2023-05-18', '--parties', 'GB,JP');
    expect(r.stderr).toBe('');
  }, 120_000);

  // Each run starts a process and opens the database (seconds): the formats themselves are tested
  // in src/services; here, the commands' wiring, outputs and exit codes.
  it('exports and re-imports the register table, the JSON export and the Akoma Ntoso export', () => {
    for (const [format, out] of [
      ['csv', 'r.csv'],
      ['json', 'a.json'],
      ['akn', 'a.akn'],
    ] as const) {
      const r = accord(
        data,
        'export',
        '--agreement',
        '1',
        '--format',
        format,
        '--out',
        join(dir, out),
      );
      expect(r.stderr, format).toBe('');
      expect(r.code, format).toBe(0);
    }
    const csv = accord(data, 'import-bulk', join(dir, 'r.csv'), '--dry-run');
    expect(csv.stdout).toBe('dry run: 0 change(s) in 62 rows (agreement 1); nothing applied\n');
    // The JSON export goes into an empty instance and comes out the same.
    const empty = join(dir, 'empty');
    expect(accord(empty, 'import-bulk', join(dir, 'a.json')).code).toBe(0);
    expect(
      accord(empty, 'export', '--agreement', '1', '--format', 'json', '--out', join(dir, 'b.json'))
        .code,
    ).toBe(0);
    const [a, b] = ['a.json', 'b.json'].map(
      (f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>,
    );
    expect({ ...b, exported_at: 0, events: 0 }).toEqual({ ...a, exported_at: 0, events: 0 });
    // The Akoma Ntoso export comes back as a new agreement with the same register.
    expect(accord(data, 'import-bulk', join(dir, 'a.akn')).stdout).toMatch(
      /^imported agreement 2 \(.*-2\): 62 commitments\n$/,
    );
  }, 300_000);

  it('fails with one line on stderr and exit code 2 on bad input', () => {
    const table = readFileSync(join(dir, 'r.csv'), 'utf8').replace(',1,', ',nine,');
    writeFileSync(join(dir, 'bad.csv'), table);
    for (const args of [
      ['export', '--agreement', '999', '--format', 'csv', '--out', join(dir, 'x.csv')],
      ['import-bulk', join(dir, 'bad.csv')],
    ]) {
      const r = accord(data, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^accord: /);
    }
  }, 300_000);
});
