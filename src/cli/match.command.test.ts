import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/accord.js', import.meta.url));
const accordFile = fileURLToPath(
  new URL('../../fixtures/agreements/hiroshima-accord-2023.en.txt', import.meta.url),
);
const itemFile = fileURLToPath(
  new URL('../../eval/evidence/items/X07_accord_reciprocal_access.txt', import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), 'accord-match-'));

function accord(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface MatchOut {
  matches: {
    commitment: { id: string; text: string; span: { start: number; end: number } };
    score: number;
    reason: string;
  }[];
}

describe('accord match', () => {
  it('prints JSON when its output goes to a pipe and no --format is given (table on a terminal)', () => {
    const r = accord('match', itemFile, '--against', accordFile, '--signed', '2023-05-18');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as MatchOut;
    expect(out.matches[0]?.commitment.id).toBe('sec_1__item_2__sent_1');
  });

  it('prints at most 10 matches, best first, in the documented JSON shape, ids and spans as accord extract gives them', () => {
    const r = accord(
      'match',
      itemFile,
      '--against',
      accordFile,
      '--signed',
      '2023-05-18',
      '--published',
      '2023-10-11',
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as MatchOut;
    expect(Object.keys(out)).toEqual(['matches']);
    expect(out.matches.length).toBeGreaterThan(0);
    expect(out.matches.length).toBeLessThanOrEqual(10);
    const scores = out.matches.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = out.matches[0]!;
    expect(Object.keys(top)).toEqual(['commitment', 'score', 'reason']);
    expect(Object.keys(top.commitment)).toEqual(['id', 'text', 'span']);
    expect(top.commitment.id).toBe('sec_1__item_2__sent_1');
    expect(top.reason).toMatch(/Reciprocal Access Agreement/);
    expect(top.reason).toMatch(/published 5 months after signing/);

    const extracted = JSON.parse(
      accord('extract', accordFile, '--signed', '2023-05-18', '--format', 'json').stdout,
    ) as { commitments: { id: string; text: string; span: { start: number; end: number } }[] };
    for (const m of out.matches) {
      const c = extracted.commitments.find((x) => x.id === m.commitment.id)!;
      expect(m.commitment).toEqual({ id: c.id, text: c.text, span: c.span });
    }
  });

  it('prints a table with --format table', () => {
    const r = accord('match', itemFile, '--against', accordFile, '--format', 'table');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^RANK\s+SCORE\s+COMMITMENT/);
    expect(r.stdout).toContain('why: mentions');
  });

  it('refuses bad input with one line on stderr and exit code 2', () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    for (const args of [
      [itemFile, '--against', accordFile, '--signed', '2023-02-30'],
      [itemFile, '--against', accordFile, '--published', 'yesterday'],
      [itemFile, '--against', join(dir, 'missing.txt')],
      [itemFile],
      [empty, '--against', accordFile],
      [itemFile, '--against', accordFile, '--format', 'xml'],
    ]) {
      const r = accord('match', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^accord: /);
    }
  });
});
