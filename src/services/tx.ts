import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import { appendEvent, type NewEvent } from '../store/event-log.ts';
import type { Schema } from '../store/schema.ts';
import type { Actor } from './actor.ts';

export interface Deps {
  db: Kysely<Schema>;
}

/** Runs a change and appends its event in one transaction: both happen, or neither. */
export async function change<T>(
  deps: Deps,
  actor: Actor,
  work: (
    tx: Transaction<Schema>,
  ) => Promise<{ result: T; event: Omit<NewEvent, 'actorId' | 'actor'> }>,
): Promise<T> {
  return deps.db.transaction().execute(async (tx) => {
    const { result, event } = await work(tx);
    await appendEvent(tx, { ...event, actorId: actor.id, actor: actor.name });
    return result;
  });
}

/** The error for a write whose If-Match version is stale. */
export function staleVersion(what: string, id: string): DomainError {
  return new DomainError(
    'precondition_failed',
    `${what} ${id} was changed by someone else: reload it and apply your change again`,
  );
}

/** Throws `code` when the value is missing. */
export function found<T>(value: T | undefined, code: string, message: string): T {
  if (value === undefined) throw new DomainError(code, message);
  return value;
}
