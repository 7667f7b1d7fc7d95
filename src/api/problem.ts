import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../core/domain-error.ts';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: { path: string; message: string }[];
}

// Stable domain codes and the HTTP status each maps to; unknown codes are 400.
const statusByCode: Record<string, number> = {
  not_found: 404,
  agreement_not_found: 404,
  commitment_not_found: 404,
  evidence_not_found: 404,
  cycle_not_found: 404,
  assessment_not_found: 404,
  user_not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  precondition_failed: 412,
  precondition_required: 428,
  conflict: 409,
  invalid_transition: 409,
  author_cannot_approve: 403,
  too_many_requests: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
};

/** Sends a problem+json response. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  title: string,
  detail?: string,
  errors?: Problem['errors'],
): FastifyReply {
  const body: Problem = {
    type: `https://accord-tracker.invalid/problems/${code}`,
    title,
    status,
    code,
  };
  if (detail) body.detail = detail;
  if (errors) body.errors = errors;
  return reply.code(status).type('application/problem+json').send(body);
}

/** Maps every error once: validation to 400, domain errors by code, everything else to 500 without internals. */
export function problemHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => ({
      path: `${error.validationContext ?? 'request'}${v.instancePath || ''}`,
      message: v.message ?? 'invalid',
    }));
    return sendProblem(
      reply,
      400,
      'invalid_request',
      'The request is not valid',
      errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    );
  }
  if (error instanceof DomainError) {
    const status = statusByCode[error.code] ?? 400;
    return sendProblem(reply, status, error.code, error.message);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: broken JSON, body too large, wrong content type.
    const code =
      status === 413
        ? 'payload_too_large'
        : status === 415
          ? 'unsupported_media_type'
          : 'invalid_request';
    return sendProblem(reply, status, code, error.message.split('\n')[0] ?? 'Bad request');
  }
  if (isUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return sendProblem(
      reply.header('retry-after', '5'),
      503,
      'unavailable',
      'The database is not reachable; try again shortly',
    );
  }
  if (isStorageFailure(error)) {
    request.log.error({ err: error }, 'database storage failure');
    return sendProblem(
      reply.header('retry-after', '30'),
      503,
      'storage_unavailable',
      'The database cannot write its files (read-only or full disk?); try again later',
    );
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, 500, 'internal', 'Something went wrong on our side');
}

// Connection failures of node-postgres and PostgreSQL's own: refused or reset sockets, the
// server shutting down (57P01-57P03), connection exceptions (08xxx), too many connections.
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);

/** Whether an error means the database cannot be reached now (a 503 with Retry-After), not a bug. */
export function isUnavailable(error: Error): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    unavailableCodes.has(code) ||
    // node-postgres says these without a code: a socket that died, a client that saw it die
    // (a query sent on it between the failure and its release), a pool that could not connect.
    /Connection terminated|not queryable|timeout exceeded when trying to connect/.test(
      error.message,
    )
  );
}

/**
 * Whether an error is the database failing to read or write its own files: PostgreSQL's class
 * 58 (an I/O error, a file it cannot create) and a full disk (53100), or the file system's
 * refusals as the embedded database reports them. Nothing the caller did: a 503, and no write
 * half-done (the transaction rolled back).
 */
export function isStorageFailure(error: Error): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    /^58/.test(code) ||
    ['53100', 'EACCES', 'EROFS', 'ENOSPC', 'EIO'].includes(code) ||
    // "could not create file ...: Permission denied": the file system's refusal, not a grant
    (code === '42501' && /could not \w+ (file|directory)/.test(error.message))
  );
}
