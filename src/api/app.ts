import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { DomainError } from '../core/domain-error.ts';
import type { Role } from '../services/actor.ts';
import { requireRole } from '../services/authorize.ts';
import type { Database } from '../store/open-database.ts';
import { registerAuth, type LoginThrottle } from './auth.ts';
import { registerConditionalCache } from './conditional-cache.ts';
import { registerMetrics } from './metrics.ts';
import { problemHandler, sendProblem } from './problem.ts';
import { agreementRoutes } from './routes/agreements.routes.ts';
import { assessmentRoutes } from './routes/assessments.routes.ts';
import { commitmentRoutes } from './routes/commitments.routes.ts';
import { evidenceRoutes } from './routes/evidence.routes.ts';
import { exportRoutes } from './routes/exports.routes.ts';
import { feedRoutes } from './routes/feeds.routes.ts';
import { searchRoutes } from './routes/search.routes.ts';
import { systemRoutes } from './routes/system.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { webPlugin } from './web.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: anyone, or a role and those above it. */
    access?: 'public' | Role;
  }
}

export interface AppOptions {
  database: Database;
  /** Pino logger options, or false for none (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies?: boolean;
  /** Largest request body in bytes (default 10 MiB: an agreement's text). */
  bodyLimit?: number;
  loginThrottle?: LoginThrottle;
}

/**
 * Builds the HTTP API: routes are thin pipelines (authenticate, validate with zod, authorise,
 * call a service, present); errors are problem+json; the OpenAPI document is generated from the
 * same zod schemas.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { allErrors: false } },
    // Requests the router refuses (a malformed %-escape, a too-long parameter) are problems too.
    frameworkErrors: (error, request, reply) => {
      void problemHandler(error, request, reply);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`),
  );

  // Every route declares who may call it; the check runs before validation, so a caller without
  // the role learns nothing about the request's shape.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs'))
      route.config = { ...(route.config ?? {}), access: 'public' };
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Accord Tracker API',
        version: '0.1.0',
        description: 'Agreements, their commitment registers, evidence, assessments and history.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'accord_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const deps = { db: options.database.db };
  // First of the request hooks: a repeated anonymous conditional read needs nothing else.
  registerConditionalCache(app, options.database.db);
  registerAuth(app, deps, {
    secureCookies: options.secureCookies ?? false,
    ...(options.loginThrottle ? { throttle: options.loginThrottle } : {}),
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // The web app sets its own policy; API answers may load nothing and be framed by no one; the
    // API docs (Swagger UI) load their bundle from this origin.
    if (!reply.hasHeader('content-security-policy'))
      reply.header(
        'content-security-policy',
        request.url.startsWith('/api/docs')
          ? docsCsp
          : "default-src 'none'; frame-ancestors 'none'",
      );
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  app.addHook('preValidation', async (request) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === undefined)
      throw new DomainError('forbidden', 'this route declares no access rule');
    if (access !== 'public') requireRole(request.actor, access);
  });
  // Text PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate) is a 400 here,
  // not a database error (a 500) or a silently mangled value later.
  app.addHook('preValidation', async (request) => {
    const where = badText({ path: request.params, query: request.query, body: request.body });
    if (where)
      throw new DomainError(
        'invalid_text',
        `${where} holds a NUL character or a lone surrogate: send valid Unicode text`,
      );
  });

  systemRoutes(app, options.database);
  registerMetrics(app, options.database);
  agreementRoutes(app, deps);
  commitmentRoutes(app, deps);
  evidenceRoutes(app, deps);
  exportRoutes(app, deps);
  feedRoutes(app, deps);
  assessmentRoutes(app, deps);
  searchRoutes(app, deps);
  userRoutes(app, deps);
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );
  await app.register(webPlugin);
  return app;
}

/** The API docs page (Swagger UI): its scripts from this origin only, no inline script. */
const docsCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Where a string (or key) with a NUL character or a lone surrogate is, or null; iterative, so deep JSON is safe. */
function badText(root: Record<string, unknown>): string | null {
  const stack: [string, unknown][] = Object.entries(root);
  while (stack.length > 0) {
    const [where, value] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000') || loneSurrogate.test(value)) return where;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key.includes('\u0000') || loneSurrogate.test(key)) return where;
        stack.push([`${where}.${key}`, inner]);
      }
    }
  }
  return null;
}
