import fastJson from 'fast-json-stringify';
import { z } from 'zod';
import type { Deps } from '../services/tx.ts';
import { listCommitments, type ListedCommitment } from '../store/commitment.repository.ts';
import { decodeCursor, encodeCursor } from './http.ts';
import { presentCommitment } from './present.ts';

const nullableString = { anyOf: [{ type: 'string' as const }, { type: 'null' as const }] };
const strings = { type: 'array' as const, items: { type: 'string' as const } };

/** One commitment of a register page as JSON, compiled from its schema (faster than JSON.stringify). */
const commitmentJson = fastJson({
  type: 'object',
  properties: {
    id: { type: 'string' },
    agreement: { type: 'string' },
    version: { type: 'string' },
    eid: { type: 'string' },
    section: { type: 'string' },
    text: { type: 'string' },
    span: {
      type: 'object',
      properties: { start: { type: 'integer' }, end: { type: 'integer' } },
    },
    deadline: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: {
            date: nullableString,
            precision: nullableString,
            phrase: nullableString,
          },
        },
      ],
    },
    actors: strings,
    instruments: strings,
    targets: strings,
    topics: strings,
    strength: { type: 'string' },
    kind: { type: 'string' },
    origin: { type: 'string' },
    state: { type: 'string' },
    etag: { type: 'string' },
  },
});

/**
 * Serialised commitments by id, valid while their row version is unchanged: every change of a
 * commitment goes through `updateCommitment`, which bumps `row_version` (the same rule as the
 * commitment's ETag). Register pages are the largest and most frequent answers of the API; with
 * this, a page read again costs its query, not its serialisation. Bounded; the oldest entry goes.
 */
export class CommitmentJsonCache {
  private readonly entries = new Map<string, { version: number; bytes: Buffer }>();

  constructor(private readonly maxEntries = 5000) {}

  /** The JSON bytes of a commitment as the API presents it. */
  bytesOf(row: ListedCommitment): Buffer {
    const hit = this.entries.get(row.id);
    if (hit && hit.version === row.row_version) return hit.bytes;
    const bytes = Buffer.from(commitmentJson(presentCommitment(row)));
    if (hit) this.entries.delete(row.id);
    else if (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(row.id, { version: row.row_version, bytes });
    return bytes;
  }

  get size(): number {
    return this.entries.size;
  }
}

const pageStart = Buffer.from('{"items":[');
const comma = Buffer.from(',');

/**
 * A register page's JSON (`{"items": [...], "next": cursor | null}`) as bytes, ready to send.
 *
 * @example registerPageBytes(rows, null, cache).toString() // '{"items":[{"id":"1",...}],"next":null}'
 */
export function registerPageBytes(
  rows: readonly ListedCommitment[],
  next: string | null,
  cache: CommitmentJsonCache,
): Buffer {
  const parts: Buffer[] = [pageStart];
  rows.forEach((row, i) => {
    if (i > 0) parts.push(comma);
    parts.push(cache.bytesOf(row));
  });
  parts.push(Buffer.from(`],"next":${JSON.stringify(next)}}`));
  return Buffer.concat(parts);
}

// Built once: constructing a zod schema per request is costly.
const commitmentCursor = z.strictObject({
  a: z.string().regex(/^\d{1,18}$/),
  p: z.number().int().min(-2147483648).max(2147483647), // an int4 position
  i: z.string().regex(/^\d{1,18}$/),
});

const sharedCache = new CommitmentJsonCache();

/** One page of commitments with a keyset cursor, as the JSON bytes of the answer. */
export async function commitmentPage(
  deps: Deps,
  filters: Parameters<typeof listCommitments>[1],
  query: { limit: number; cursor?: string | undefined },
  cache: CommitmentJsonCache = sharedCache,
): Promise<Buffer> {
  const after = decodeCursor(query.cursor, commitmentCursor);
  const rows = await listCommitments(deps.db, filters, {
    after: after ? { agreementId: after.a, position: after.p, id: after.i } : null,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const next =
    rows.length > query.limit && last
      ? encodeCursor({ a: last.agreement_id, p: last.position, i: last.id })
      : null;
  return registerPageBytes(page, next, cache);
}
