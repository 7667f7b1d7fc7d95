import { describe, expect, it } from 'vitest';
import { extractRegister } from '../extract-register.ts';
import { findItemDate, distance } from './item-date.ts';
import { matchAgainstAgreement, stripHeader, toMatchJson } from './match-agreement.ts';
import { buildMatchIndex, matchSourceOfRegister } from './match-index.ts';
import { matchText } from './match-text.ts';
import { keyOf, stem, termsOf } from './terms.ts';

// An invented agreement: nothing here comes from a real text, so no rule can be tuned to it.
const agreement = `Joint Statement of Freedonia and Sylvania

We, the leaders of Freedonia and Sylvania, meet today to open a new chapter.

1. Prosperity

We will:

- Launch a Ministry of Harbours and Fisheries (MHF) – Sylvanian Coastal Agency (SCA) dialogue on sustainable fisheries by the end of the year.
- Sign a Memorandum of Cooperation (MOC) on rare earth processing within two years.
- Continue to promote tourism and student exchanges between our universities.

2. Security

We will:

- Hold a joint naval exercise in the Northern Sea every year.
- Establish a Freedonia-Sylvania Cyber Partnership to protect critical infrastructure from ransomware.
`;

const register = extractRegister(agreement, { signed: '2024-03-01' });
const index = buildMatchIndex(matchSourceOfRegister(register));
const idOf = (start: string) => register.commitments.find((c) => c.text.startsWith(start))!.id;

describe('terms', () => {
  it('stems inflections together and keeps acronyms whole', () => {
    expect(stem('cooperation')).toBe(stem('cooperate'));
    expect(keyOf('Semiconductors')).toBe(keyOf('semiconductor'));
    expect(keyOf('MOCs')).toBe('moc');
    expect(keyOf('the')).toBeNull();
  });

  it('segments Japanese with Intl.Segmenter and drops particles', () => {
    const { words } = termsOf('重要鉱物の協力を強化する');
    expect(words.map((w) => w.key)).toContain('協力');
    expect(words.map((w) => w.key)).not.toContain('の');
  });

  it('makes two-word phrases, not across sentence ends', () => {
    const { phrases } = termsOf('rare earth. Processing plants');
    expect(phrases.map((p) => p.surface)).toEqual(['rare earth', 'Processing plants']);
  });
});

describe('matchText', () => {
  it('ranks the commitment whose acronym and words the item shares first, with a reason', () => {
    const [top] = matchText(
      index,
      'Freedonia and Sylvania sign rare earth MoC\n\nThe two governments signed a Memorandum of Cooperation on the processing of rare earth elements.',
      { published: '2024-09-10' },
    );
    expect(top!.commitment.id).toBe(idOf('Sign a Memorandum'));
    expect(top!.reason).toMatch(/^mentions MOC/);
    expect(top!.reason).toContain("'rare earth'");
    expect(top!.reason).toContain('published 6 months after signing, before the deadline');
  });

  it('reads an acronym the agreement defines in either direction', () => {
    const byShort = matchText(index, 'MHF officials met their counterparts.')[0];
    const byLong = matchText(index, 'The Ministry of Harbours and Fisheries hosted talks.')[0];
    expect(byShort!.commitment.id).toBe(idOf('Launch a Ministry'));
    expect(byLong!.commitment.id).toBe(idOf('Launch a Ministry'));
  });

  it('finds the commitment from its section heading and topic when the words differ', () => {
    const [top] = matchText(
      index,
      'Ransomware attack on ports: cyber agencies of both countries respond together',
    );
    expect(top!.commitment.id).toBe(idOf('Establish a Freedonia-Sylvania Cyber'));
  });

  it('weighs an item published before signing less, and says so', () => {
    const after = matchText(index, 'A joint naval exercise in the Northern Sea', {
      published: '2024-06-01',
    });
    const before = matchText(index, 'A joint naval exercise in the Northern Sea', {
      published: '2023-06-01',
    });
    expect(before[0]!.score).toBeLessThan(after[0]!.score);
    expect(before[0]!.reason).toContain('before signing');
  });

  it('returns at most the limit, best first, and leaves out excluded commitments', () => {
    const text = 'Freedonia Sylvania fisheries rare earth tourism students naval cyber exercise';
    const all = matchText(index, text, { limit: 100 });
    expect(all.length).toBeGreaterThan(3);
    expect(all.map((m) => m.score)).toEqual([...all.map((m) => m.score)].sort((a, b) => b - a));
    expect(matchText(index, text, { limit: 2 })).toHaveLength(2);
    const excluded = matchText(index, text, { exclude: new Set([all[0]!.commitment.id]) });
    expect(excluded.map((m) => m.commitment.id)).not.toContain(all[0]!.commitment.id);
  });

  it('is total: empty or unrelated text gives no matches, never an error', () => {
    expect(matchText(index, '')).toEqual([]);
    expect(matchText(index, '   \n\u0000')).toEqual([]);
    expect(matchText(buildMatchIndex({ text: '', signed: null, commitments: [] }), 'x')).toEqual(
      [],
    );
  });
});

describe('matchAgainstAgreement', () => {
  it('matches Japanese items against a Japanese agreement', () => {
    const ja =
      '日本と英国は，大学間の学生交流を増やすため協力する。両国は，重要鉱物の供給網を強化する。';
    const matches = matchAgainstAgreement('英国の大学と日本の大学が学生交流の新制度を始めた。', ja);
    expect(matches[0]!.commitment.text).toContain('学生交流');
  });

  it('gives spans into the agreement text, the same as the register', () => {
    const [top] = matchAgainstAgreement('naval exercise Northern Sea', agreement, {
      signed: '2024-03-01',
    });
    const json = toMatchJson([top!]).matches[0]!;
    expect(agreement.slice(json.commitment.span.start, json.commitment.span.end)).toBe(
      json.commitment.text,
    );
    expect(Object.keys(json)).toEqual(['commitment', 'score', 'reason']);
  });

  it('strips a labelled item header and reads the date near the start', () => {
    expect(stripHeader('# source: x\n# evidence-for: "y"\n\nBody')).toBe('Body');
    expect(findItemDate('PRESS RELEASE October 11, 2023\nText')).toBe('2023-10-11');
    expect(findItemDate('Published 19 December 2023')).toBe('2023-12-19');
    expect(findItemDate('2023年10月11日')).toBe('2023-10-11');
    expect(findItemDate('In December 2022 the partners met')).toBeNull();
    expect(distance('2023-05-18', '2023-10-30')).toBe('5 months');
  });
});
