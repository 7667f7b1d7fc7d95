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
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, 500, 'internal', 'Something went wrong on our side');
}

function isUnavailable(error: Error): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001'].includes(code) ||
    /Connection terminated/.test(error.message)
  );
}
