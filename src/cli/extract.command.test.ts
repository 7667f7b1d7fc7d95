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
const dir = mkdtempSync(join(tmpdir(), 'accord-cli-'));

function accord(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('accord extract', () => {
  it('prints the register as one JSON object in the documented shape', () => {
    const r = accord('extract', accordFile, '--signed', '2023-05-18', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      accord: Record<string, unknown>;
      sections: { id: string; number: string; heading: string }[];
      commitments: Record<string, unknown>[];
    };
    expect(out.accord).toEqual({
      title: 'The Hiroshima Accord: An enhanced UK-Japan global strategic partnership',
      signed: '2023-05-18',
      parties: ['GB', 'JP'],
      language: 'en',
    });
    expect(out.sections.map((s) => s.number)).toEqual(['1', '2', '3']);
    const moc = out.commitments.find((c) =>
      (c.text as string).startsWith('Support progress of critical minerals'),
    )!;
    expect(moc).toMatchObject({
      id: 'sec_2__item_5__sent_1',
      section: '2',
      deadline: { date: '2023-12-31', precision: 'day', phrase: 'by the end of the year' },
      strength: 'firm',
    });
    const span = moc.span as { start: number; end: number };
    expect(span.end - span.start).toBe((moc.text as string).length);
    for (const key of ['actors', 'instruments', 'targets', 'topics'])
      expect(Array.isArray(moc[key])).toBe(true);
    expect(out.commitments.length).toBeGreaterThan(50);
  });

  it('prints an aligned table and a CSV', () => {
    const table = accord('extract', accordFile, '--signed', '2023-05-18');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^The Hiroshima Accord/);
    expect(table.stdout).toMatch(/SECTION\s+DEADLINE\s+STRENGTH\s+KIND\s+COMMITMENT/);
    expect(table.stdout).toContain('2023-12-31');
    const csv = accord('extract', accordFile, '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toBe(
      'id,section,text,start,end,deadline_date,deadline_precision,deadline_phrase,actors,instruments,targets,topics,strength,kind',
    );
  });

  it.each([
    ['a missing file', ['extract', join(dir, 'nope.txt')], /no file at/],
    ['an empty file', ['extract', write('empty.txt', '')], /empty/],
    ['a binary file', ['extract', write('x.bin', Buffer.from([0, 1, 2, 3, 0, 255, 0]))], /binary/],
    [
      'a file in another encoding',
      ['extract', write('latin1.txt', Buffer.from('caf\xe9 we will act', 'latin1'))],
      /not UTF-8/,
    ],
    [
      'a file over the size limit',
      ['extract', write('big.txt', Buffer.alloc(50 * 1024 * 1024, 'a'))],
      /over the 20 MiB limit/,
    ],
    ['a bad date', ['extract', accordFile, '--signed', '2023-13-01'], /invalid --signed date/],
    ['an unknown language', ['extract', accordFile, '--lang', 'fr'], /invalid/],
    ['a directory', ['extract', dir], /directory/],
    ['a missing argument', ['extract'], /missing required argument/],
  ])('refuses %s with one line on stderr and exit code 2', (_name, args, message) => {
    const r = accord(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
