/**
 * Labelled evidence items: dated texts with `# key: value` header lines, `evidence-for:` quoting
 * the commitment each supports. The six real samples live in ../shared/evidence-samples (not
 * shipped: some are news); the project's own items, written in the style of official sources,
 * live in eval/evidence/items and may name another agreement with `against:` and `signed:`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractRegister, type Register } from '../../src/core/extract-register.ts';
import { buildMatchIndex, matchSourceOfRegister } from '../../src/core/matching/match-index.ts';
import type { MatchIndex } from '../../src/core/matching/match-index.ts';
import { matchText } from '../../src/core/matching/match-text.ts';
import { normaliseText } from '../../src/core/text/source-text.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const projectRoot = join(here, '..', '..');
export const samplesFolder = join(projectRoot, '..', 'shared', 'evidence-samples');
export const ownItemsFolder = join(here, 'items');
const defaultAgreement = {
  file: 'fixtures/agreements/hiroshima-accord-2023.en.txt',
  signed: '2023-05-18',
};

export interface LabelledItem {
  name: string;
  /** The item's text without its header. */
  body: string;
  published: string | null;
  /** The quoted words of the commitment it supports. */
  quote: string;
  agreement: { file: string; signed: string };
}

export interface ItemResult {
  item: LabelledItem;
  /** The id of the commitment the label names, or null when no commitment has those words. */
  expected: string | null;
  /** 1-based rank of that commitment; null when it is not ranked at all. */
  rank: number | null;
  top: { id: string; score: number; reason: string }[];
}

/** Reads every `*.txt` labelled item of a folder (none when the folder is absent). */
export function loadLabelledItems(folder: string): LabelledItem[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => parseLabelledItem(f.replace(/\.txt$/, ''), readFileSync(join(folder, f), 'utf8')));
}

/** Splits a labelled item into its header fields and its body. */
export function parseLabelledItem(name: string, raw: string): LabelledItem {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const header = new Map<string, string>();
  let i = 0;
  for (; i < lines.length && lines[i]!.startsWith('#'); i++) {
    const m = /^#\s*([\w-]+):\s*(.*)$/.exec(lines[i]!);
    if (m) header.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  const body = lines.slice(i).join('\n').trim();
  const published = /\d{4}-\d{2}-\d{2}/.exec(header.get('published') ?? '')?.[0] ?? null;
  const label = header.get('evidence-for') ?? '';
  const quote = /[“"]([^”"]+)[”"]/.exec(label)?.[1] ?? label;
  const against = header.get('against');
  const signed = header.get('signed');
  return {
    name,
    body,
    published,
    quote: quote.replace(/\s*…\s*$/, '').trim(),
    agreement: against ? { file: against, signed: signed ?? '' } : defaultAgreement,
  };
}

const indexes = new Map<string, { register: Register; index: MatchIndex }>();

function indexOf(agreement: LabelledItem['agreement']) {
  const key = `${agreement.file}|${agreement.signed}`;
  let entry = indexes.get(key);
  if (!entry) {
    const text = normaliseText(readFileSync(join(projectRoot, agreement.file), 'utf8'));
    const register = extractRegister(text, agreement.signed ? { signed: agreement.signed } : {});
    entry = { register, index: buildMatchIndex(matchSourceOfRegister(register)) };
    indexes.set(key, entry);
  }
  return entry;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Ranks the commitments of the item's agreement for the item and finds the labelled one. */
export function evaluateItem(item: LabelledItem): ItemResult {
  const { register, index } = indexOf(item.agreement);
  const prefix = squash(item.quote).slice(0, 60);
  const expected =
    register.commitments.find((c) => squash(c.text).startsWith(prefix))?.id ??
    register.commitments.find((c) => squash(c.text).includes(prefix))?.id ??
    null;
  const matches = matchText(index, item.body, {
    published: item.published,
    limit: Number.MAX_SAFE_INTEGER,
  });
  const at = matches.findIndex((m) => m.commitment.id === expected);
  return {
    item,
    expected,
    rank: at === -1 ? null : at + 1,
    top: matches
      .slice(0, 3)
      .map((m) => ({ id: m.commitment.id, score: m.score, reason: m.reason })),
  };
}
