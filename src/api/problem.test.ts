import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isStorageFailure, isUnavailable, problemHandler } from './problem.ts';

const failing = (error: Error) => {
  const app = Fastify({ logger: false });
  app.setErrorHandler(problemHandler);
  app.get('/', async () => {
    throw error;
  });
  return app.inject({ method: 'GET', url: '/' });
};
const withCode = (message: string, code?: string) => Object.assign(new Error(message), { code });

describe('errors of an unreachable or failing database', () => {
  it.each([
    ['ECONNREFUSED', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['admin shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['starting up', withCode('the database system is starting up', '57P03')],
    ['connection failure', withCode('connection failure', '08006')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['a dead socket', new Error('Connection terminated unexpectedly')],
    [
      'a client that saw its socket die',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
  ])('answer 503 problem+json with Retry-After: %s', async (_what, error) => {
    expect(isUnavailable(error)).toBe(true);
    const res = await failing(error);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ status: 503, code: 'unavailable' });
  });

  it.each([
    ['an I/O error', withCode('could not write block 7', '58030')],
    [
      'a file it cannot create',
      withCode('could not create file "base/5/1_fsm": File exists', '58P02'),
    ],
    [
      'a read-only folder',
      withCode('could not create file "base/5/1_fsm": Permission denied', '42501'),
    ],
    ['a full disk', withCode('could not extend file', '53100')],
  ])('answer 503 storage_unavailable for storage failures: %s', async (_what, error) => {
    expect(isStorageFailure(error)).toBe(true);
    const res = await failing(error);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json()).toMatchObject({ code: 'storage_unavailable' });
  });

  it('keep other errors a 500 without internals', async () => {
    const grant = withCode('permission denied for table users', '42501');
    expect(isStorageFailure(grant)).toBe(false);
    const res = await failing(withCode('syntax error at or near "x"', '42601'));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('syntax');
  });
});
