/**
 * Gold annotations: the shape of eval/gold/*.json, a validating parser, and a loader.
 * See eval/gold/README.md for the annotation decisions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type GoldLanguage = 'en' | 'ja';
export type GoldPrecision = 'day' | 'month' | 'year';

export interface GoldDeadline {
  date: string | null;
  precision: GoldPrecision | null;
  /** The deadline words, exactly as they occur in the sentence. */
  phrase: string;
}

export interface GoldCommitment {
  /** The whole sentence (or list item) holding one or more commitments, exactly as in the file. */
  text: string;
  deadline: GoldDeadline | null;
  note?: string;
}

export interface GoldDocument {
  /** Path of the agreement text, relative to the repository root. */
  file: string;
  /** Signing date, YYYY-MM-DD. */
  signed: string;
  language: GoldLanguage;
  commitments: GoldCommitment[];
}

/** A gold file as loaded: where it came from and its parsed content. */
export interface LoadedGold {
  /** Path of the gold JSON file. */
  path: string;
  gold: GoldDocument;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** True when `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDeadline(value: unknown, where: string): GoldDeadline | null {
  if (value === null || value === undefined) return null;
  if (!isRecord(value)) throw new Error(`${where}: deadline must be an object or null`);
  const { date, precision, phrase } = value;
  if (typeof phrase !== 'string' || phrase.length === 0) {
    throw new Error(`${where}: deadline.phrase must be a non-empty string`);
  }
  if (date !== null && (typeof date !== 'string' || !isIsoDate(date))) {
    throw new Error(`${where}: deadline.date must be YYYY-MM-DD or null`);
  }
  if (precision !== null && precision !== 'day' && precision !== 'month' && precision !== 'year') {
    throw new Error(`${where}: deadline.precision must be day, month, year or null`);
  }
  if ((date === null) !== (precision === null)) {
    throw new Error(`${where}: deadline.date and deadline.precision must both be null or both set`);
  }
  return { date, precision, phrase };
}

/** Validates the parsed JSON of one gold file; throws an Error naming the first problem. */
export function parseGold(value: unknown, where = 'gold'): GoldDocument {
  if (!isRecord(value)) throw new Error(`${where}: must be a JSON object`);
  const { file, signed, language, commitments } = value;
  if (typeof file !== 'string' || file.length === 0) throw new Error(`${where}: file missing`);
  if (typeof signed !== 'string' || !isIsoDate(signed)) {
    throw new Error(`${where}: signed must be YYYY-MM-DD`);
  }
  if (language !== 'en' && language !== 'ja')
    throw new Error(`${where}: language must be en or ja`);
  if (!Array.isArray(commitments)) throw new Error(`${where}: commitments must be an array`);
  const parsed = commitments.map((item: unknown, index): GoldCommitment => {
    const at = `${where}: commitments[${index}]`;
    if (!isRecord(item)) throw new Error(`${at} must be an object`);
    const { text, deadline, note } = item;
    if (typeof text !== 'string' || text.trim().length === 0) {
      throw new Error(`${at}.text must be a non-empty string`);
    }
    if (note !== undefined && typeof note !== 'string')
      throw new Error(`${at}.note must be a string`);
    const result: GoldCommitment = { text, deadline: parseDeadline(deadline, at) };
    if (note !== undefined) result.note = note;
    return result;
  });
  return { file, signed, language, commitments: parsed };
}

/** The Accord is listed first, then the other documents by file name. */
export function compareGoldPaths(a: string, b: string): number {
  const rank = (path: string): number => (path.includes('hiroshima-accord') ? 0 : 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Loads and validates every `*.json` file of a gold folder. */
export function loadGoldFolder(folder: string): LoadedGold[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort(compareGoldPaths)
    .map((name) => {
      const path = join(folder, name);
      const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
      return { path, gold: parseGold(raw, path) };
    });
}
