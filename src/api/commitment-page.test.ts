import { describe, expect, it } from 'vitest';
import type { ListedCommitment } from '../store/commitment.repository.ts';
import { CommitmentJsonCache, registerPageBytes } from './commitment-page.ts';
import { presentCommitment } from './present.ts';

const row = (id: string, version: number, text: string): ListedCommitment => ({
  id,
  agreement_id: '1',
  version_id: '1',
  eid: `para_${id}`,
  section: '1',
  sentence_eid: `para_${id}__sent_1`,
  span_start: 0,
  span_end: text.length,
  text,
  deadline_date: null,
  deadline_precision: null,
  deadline_phrase: 'by the end of the year',
  actors: [{ value: 'METI', start: 0, end: 4 }],
  instruments: [],
  targets: [],
  topics: ['energy'],
  strength: 'firm',
  kind: 'action',
  origin: 'extracted',
  state: 'active',
  position: Number(id),
  row_version: version,
});

describe('register pages as bytes', () => {
  it('equal JSON.stringify of the presented page, quotes, controls and Japanese included', () => {
    const rows = [
      row('1', 1, 'They will "launch" a dialogue\n\t— 年内に'),
      row('2', 3, '\u2028x\\'),
    ];
    const bytes = registerPageBytes(rows, 'abc', new CommitmentJsonCache());
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({
      items: rows.map(presentCommitment),
      next: 'abc',
    });
    expect(JSON.parse(registerPageBytes([], null, new CommitmentJsonCache()).toString())).toEqual({
      items: [],
      next: null,
    });
  });

  it('serialise a commitment again when its row version changes, and stay bounded', () => {
    const cache = new CommitmentJsonCache(2);
    const before = cache.bytesOf(row('1', 1, 'old text'));
    expect(cache.bytesOf(row('1', 1, 'old text'))).toBe(before);
    const after = cache.bytesOf(row('1', 2, 'new text'));
    expect(after.toString()).toContain('new text');
    cache.bytesOf(row('2', 1, 'b'));
    cache.bytesOf(row('3', 1, 'c'));
    expect(cache.size).toBe(2);
  });
});
