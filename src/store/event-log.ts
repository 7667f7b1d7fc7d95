import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Schema } from './schema.ts';

/** The hash before the first event. */
export const genesisHash = '0'.repeat(64);
// Any constant: appends take turns, so that each event carries its predecessor's hash.
const appendLock = 7_231_002;

export interface NewEvent {
  actorId: string | null;
  /** Who acted, as shown in history ("alice@example.org", "system", "cli"). */
  actor: string;
  /** What happened: `agreement.imported`, `assessment.approved`, ... */
  type: string;
  agreementId: string | null;
  /** What it happened to: `commitment:42`. */
  subject: string;
  payload: Record<string, unknown>;
}

export interface StoredEvent extends NewEvent {
  id: string;
  at: Date;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth, so that a payload hashes the same after a round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The SHA-256 of an event's content and its predecessor's hash. */
export function eventHash(event: Omit<StoredEvent, 'hash'>): string {
  const content = [
    event.prevHash,
    event.id,
    event.at.toISOString(),
    event.actorId ?? '',
    event.actor,
    event.type,
    event.agreementId ?? '',
    event.subject,
    canonicalJson(event.payload),
  ].join('\n');
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Appends an event in the caller's transaction, chained to the previous event. Nothing updates or
 * deletes an event: the table refuses it (see migrations/001).
 */
export async function appendEvent(tx: Transaction<Schema>, event: NewEvent): Promise<StoredEvent> {
  await sql`SELECT pg_advisory_xact_lock(${appendLock})`.execute(tx);
  const last = await tx
    .selectFrom('events')
    .select(['hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const next = await sql<{
    id: string;
  }>`SELECT nextval(pg_get_serial_sequence('events', 'id'))::text AS id`.execute(tx);
  // Millisecond precision, as JavaScript dates hold: the stored time hashes the same on read.
  const at = new Date(Math.floor(Date.now()));
  const base = { ...event, id: next.rows[0]!.id, at, prevHash: last?.hash ?? genesisHash };
  const hash = eventHash(base);
  // The payload goes through JSON to drop undefined values and match what is read back.
  const payload = JSON.parse(canonicalJson(event.payload)) as Record<string, unknown>;
  await tx
    .insertInto('events')
    .values({
      id: base.id,
      at,
      actor_id: event.actorId,
      actor: event.actor,
      type: event.type,
      agreement_id: event.agreementId,
      subject: event.subject,
      payload: JSON.stringify(payload),
      prev_hash: base.prevHash,
      hash,
    })
    .execute();
  return { ...base, payload, hash };
}

export interface VerifyResult {
  ok: boolean;
  events: number;
  /** The first event whose link is broken, and why. */
  broken: { id: string; reason: string } | null;
  lastHash: string;
}

/**
 * Recomputes the hash chain from the first event: each event must carry its predecessor's hash
 * and a hash of its own content. Reads in pages, so memory stays flat.
 */
export async function verifyEventChain(db: Kysely<Schema>, pageSize = 5000): Promise<VerifyResult> {
  let prev = genesisHash;
  let count = 0;
  let afterId: string | null = null;
  for (;;) {
    let query = db.selectFrom('events').selectAll().orderBy('id').limit(pageSize);
    if (afterId !== null) query = query.where('id', '>', afterId);
    const rows = await query.execute();
    for (const row of rows) {
      count++;
      if (row.prev_hash !== prev) {
        return {
          ok: false,
          events: count,
          broken: { id: row.id, reason: 'does not carry the hash of the event before it' },
          lastHash: prev,
        };
      }
      const expected = eventHash({
        id: row.id,
        at: row.at,
        actorId: row.actor_id,
        actor: row.actor,
        type: row.type,
        agreementId: row.agreement_id,
        subject: row.subject,
        payload: row.payload as Record<string, unknown>,
        prevHash: row.prev_hash,
      });
      if (expected !== row.hash) {
        return {
          ok: false,
          events: count,
          broken: { id: row.id, reason: 'its content does not match its hash (rewritten)' },
          lastHash: prev,
        };
      }
      prev = row.hash;
    }
    if (rows.length < pageSize) break;
    afterId = rows.at(-1)!.id;
  }
  return { ok: true, events: count, broken: null, lastHash: prev };
}
