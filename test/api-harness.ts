import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/api/app.ts';
import { LoginThrottle } from '../src/api/auth.ts';
import { createUser } from '../src/services/accounts.ts';
import { systemActor, type Role } from '../src/services/actor.ts';
import { importAgreement } from '../src/services/import-agreement.ts';
import type { Database } from '../src/store/open-database.ts';
import { openTestDatabase } from './database.ts';
import { accordText } from './fixtures.ts';

export const password = 'a long test password';

export interface Harness {
  app: FastifyInstance;
  database: Database;
  agreementId: string;
  /** Request headers of a signed-in user of each role (cookie and CSRF token). */
  as: Record<Role, Record<string, string>>;
  close(): Promise<void>;
}

/** An in-process API on a fresh test database with the Accord imported and one user per role. */
export async function openHarness(options: { throttle?: LoginThrottle } = {}): Promise<Harness> {
  const database = await openTestDatabase();
  const app = await buildApp({
    database,
    loginThrottle: options.throttle ?? new LoginThrottle(1000),
  });
  const { id: agreementId } = await importAgreement(database, systemActor, {
    source: { text: accordText(), format: 'text', hints: [] },
    signed: '2023-05-18',
    parties: ['GB', 'JP'],
  });
  const as = {} as Record<Role, Record<string, string>>;
  for (const role of ['viewer', 'analyst', 'reviewer', 'admin'] as const) {
    await createUser(database, systemActor, { email: `${role}@example.org`, role, password });
    as[role] = await login(app, `${role}@example.org`);
  }
  return {
    app,
    database,
    agreementId,
    as,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Signs in and returns the headers that authenticate later requests. */
export async function login(
  app: FastifyInstance,
  email: string,
  pass = password,
): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: pass },
  });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  return { cookie, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken };
}

/** Sends a request; JSON bodies as objects. */
export function call(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
}
