import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../core/domain-error.ts';
import type { Actor } from '../services/actor.ts';
import {
  actorOf,
  changePassword,
  authenticate,
  createSession,
  endSession,
  sameSecret,
  sessionUser,
  tokenUser,
} from '../services/accounts.ts';
import type { Deps } from '../services/tx.ts';

export const sessionCookie = 'accord_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** How the actor was authenticated: cookie sessions need a CSRF token on writes. */
    authKind: 'none' | 'session' | 'token';
    sessionToken: string | null;
  }
}

/** Reads one cookie from the Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** A fixed-window counter of failed logins per client and per account. */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; until: number }>();
  constructor(
    private readonly limit = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  blocked(keys: string[], now = Date.now()): boolean {
    return keys.some((k) => {
      const f = this.failures.get(k);
      return f !== undefined && f.until > now && f.count >= this.limit;
    });
  }

  fail(keys: string[], now = Date.now()): void {
    for (const k of keys) {
      const f = this.failures.get(k);
      if (!f || f.until <= now) this.failures.set(k, { count: 1, until: now + this.windowMs });
      else f.count++;
    }
    if (this.failures.size > 100_000) this.failures.clear();
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}

/**
 * Authenticates every request (a session cookie or `Authorization: Bearer <API token>`), checks
 * the CSRF token on cookie-authenticated writes, and serves login, logout and "me".
 */
export function registerAuth(
  app: FastifyInstance,
  deps: Deps,
  options: { secureCookies: boolean; throttle?: LoginThrottle },
): void {
  const throttle = options.throttle ?? new LoginThrottle();
  app.decorateRequest('actor', null);
  app.decorateRequest('authKind', 'none');
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const user = await tokenUser(deps, bearer);
      if (!user)
        throw new DomainError(
          'unauthenticated',
          'the API token is not valid (revoked, or mistyped)',
        );
      request.actor = actorOf(user);
      request.authKind = 'token';
      return;
    }
    const token = readCookie(request.headers.cookie, sessionCookie);
    if (!token) return;
    const session = await sessionUser(deps, token);
    if (!session) return;
    request.actor = actorOf(session.user);
    request.authKind = 'session';
    request.sessionToken = token;
    if (
      !['GET', 'HEAD', 'OPTIONS'].includes(request.method) &&
      !request.url.startsWith('/api/auth/login')
    ) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
        throw new DomainError(
          'csrf',
          'missing or wrong X-CSRF-Token header: read it from POST /api/auth/login or GET /api/auth/me',
        );
      }
    }
  });

  const server = app.withTypeProvider<ZodTypeProvider>();
  server.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an HttpOnly session cookie and returns the CSRF token for writes',
        body: z.strictObject({
          email: z.string().min(1).max(320),
          password: z.string().min(1).max(1024),
        }),
      },
    },
    async (request, reply) => {
      const keys = [`ip:${request.ip}`, `email:${request.body.email.toLowerCase()}`];
      if (throttle.blocked(keys))
        throw new DomainError(
          'too_many_requests',
          'too many failed sign-ins: wait 15 minutes and try again',
        );
      const user = await authenticate(deps, request.body.email, request.body.password);
      if (!user) {
        throttle.fail(keys);
        throw new DomainError('unauthenticated', 'wrong email or password');
      }
      throttle.succeed(keys);
      // A fresh session on every sign-in: a session id planted before login is never reused.
      if (request.sessionToken) await endSession(deps, request.sessionToken);
      const session = await createSession(deps, user.id);
      setSessionCookie(
        reply,
        session.token,
        session.expiresAt,
        options.secureCookies || request.protocol === 'https',
      );
      return {
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          must_change_password: user.must_change_password,
        },
        csrfToken: session.csrfToken,
      };
    },
  );

  server.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out: ends the session' },
    },
    async (request, reply) => {
      if (request.sessionToken) await endSession(deps, request.sessionToken);
      reply.header('set-cookie', `${sessionCookie}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
      return reply.code(204).send();
    },
  );

  server.post(
    '/api/auth/password',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['auth'],
        summary:
          'Change your password (required after a one-time password); ends your other sessions',
        body: z.strictObject({
          current: z.string().min(1).max(1024),
          next: z.string().min(10).max(1024),
        }),
      },
    },
    async (request, reply) => {
      await changePassword(
        deps,
        request.actor!,
        request.body.current,
        request.body.next,
        request.sessionToken,
      );
      return reply.code(204).send();
    },
  );

  server.get(
    '/api/auth/me',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Who is signed in, and the CSRF token of the session' },
    },
    async (request) => {
      if (!request.actor) throw new DomainError('unauthenticated', 'not signed in');
      const session = request.sessionToken ? await sessionUser(deps, request.sessionToken) : null;
      return {
        user: { id: request.actor.id, email: request.actor.name, role: request.actor.role },
        csrfToken: session?.csrfToken ?? null,
      };
    },
  );
}

function setSessionCookie(
  reply: FastifyReply,
  token: string,
  expires: Date,
  secure: boolean,
): void {
  reply.header(
    'set-cookie',
    `${sessionCookie}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${secure ? '; Secure' : ''}`,
  );
}
