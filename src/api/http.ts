import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../core/domain-error.ts';
import { rememberEtag } from './conditional-cache.ts';

/** Opaque cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor, checking its shape; a bad cursor is a 400. */
export function decodeCursor<T extends z.ZodType>(
  cursor: string | undefined,
  shape: T,
): z.infer<T> | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new DomainError(
    'invalid_cursor',
    'the cursor is not valid: use the "next" value of a previous page',
  );
}

/** The cursor of lists ordered by id. */
export const idCursor = z.strictObject({ id: z.string().regex(/^\d{1,18}$/) });

export const idParam = z.strictObject({
  id: z.string().regex(/^\d{1,18}$/, 'an id is a positive integer'),
});
export const idOrSlugParam = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\p{L}\p{N}-]+$/u, 'an id or a slug'),
});
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};
export const isoDate = z.iso.date();

/** The ETag of a row version; `shown` adds whatever else the representation includes. */
export function etagOf(kind: string, id: string, version: number, shown?: string): string {
  const suffix =
    shown === undefined ? '' : `.${createHash('sha1').update(shown).digest('hex').slice(0, 12)}`;
  return `"${kind}-${id}-v${version}${suffix}"`;
}

/**
 * The version a write expects, from If-Match: required (428 without it), and it must name this
 * resource (else 412).
 */
export function expectedVersion(request: FastifyRequest, kind: string, id: string): number {
  const header = request.headers['if-match'];
  if (!header)
    throw new DomainError(
      'precondition_required',
      'send If-Match with the ETag you read, so that no one else’s change is overwritten',
    );
  // A representation tag may carry a suffix for what is shown with the row ("-v3.ab12cd"): only
  // the row's version matters for a write.
  const m = new RegExp(`^(?:W/)?"${kind}-${id}-v(\\d+)(?:\\.[0-9a-f]+)?"$`).exec(header.trim());
  if (!m)
    throw new DomainError(
      'precondition_failed',
      'If-Match does not match this resource: read it again',
    );
  return Number(m[1]);
}

/** Sends a body with an ETag, or 304 when the client's If-None-Match already has it. */
export function sendWithEtag<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  body: T,
): FastifyReply {
  reply.header('etag', etag);
  reply.header('cache-control', 'no-cache');
  rememberEtag(request, etag);
  const inm = request.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`))
    return reply.code(304).send();
  return reply.send(body);
}
