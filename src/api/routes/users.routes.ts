import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../../services/actor.ts';
import { requireRole } from '../../services/authorize.ts';
import {
  createApiToken,
  createUser,
  listApiTokens,
  listUsers,
  resetPassword,
  revokeApiToken,
  updateUser,
} from '../../services/accounts.ts';
import type { Deps } from '../../services/tx.ts';
import { idParam } from '../http.ts';

/** Users (admin) and API tokens (each user's own; admins see all). */
export function userRoutes(app: FastifyInstance, deps: Deps): void {
  const server = app.withTypeProvider<ZodTypeProvider>();

  server.get(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: { tags: ['admin'], summary: 'Users (admin)' },
    },
    async (request) => {
      requireRole(request.actor, 'admin');
      return { items: await listUsers(deps, request.actor) };
    },
  );

  server.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create a user (admin); a generated password is returned once',
        body: z.strictObject({
          email: z.email().max(320),
          name: z.string().min(1).max(200).optional(),
          role: z.enum(roles),
          password: z.string().min(10).max(1024).optional(),
        }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'admin');
      const created = await createUser(deps, request.actor, request.body);
      return reply.code(201).send({
        user: created.user,
        password: request.body.password ? undefined : created.password,
      });
    },
  );

  server.patch(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Change a user’s role, name, or disable them (admin)',
        params: idParam,
        body: z.strictObject({
          role: z.enum(roles).optional(),
          disabled: z.boolean().optional(),
          name: z.string().min(1).max(200).optional(),
        }),
      },
    },
    async (request) => {
      requireRole(request.actor, 'admin');
      return updateUser(deps, request.actor, request.params.id, request.body);
    },
  );

  server.post(
    '/api/users/:id/reset-password',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Reset a user’s password (admin); returned once',
        params: idParam,
      },
    },
    async (request) => {
      requireRole(request.actor, 'admin');
      const user = await deps.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      const result = await resetPassword(
        deps,
        request.actor,
        user?.email ?? `#${request.params.id}`,
      );
      return { user: result.user, password: result.password };
    },
  );

  server.get(
    '/api/tokens',
    {
      config: { access: 'viewer' },
      schema: { tags: ['tokens'], summary: 'Your API tokens (admins: all), without secrets' },
    },
    async (request) => {
      requireRole(request.actor, 'viewer');
      return { items: await listApiTokens(deps, request.actor) };
    },
  );

  server.post(
    '/api/tokens',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for scripts; the secret is shown once',
        body: z.strictObject({ name: z.string().min(1).max(200) }),
      },
    },
    async (request, reply) => {
      requireRole(request.actor, 'viewer');
      return reply.code(201).send(await createApiToken(deps, request.actor, request.body.name));
    },
  );

  server.delete(
    '/api/tokens/:id',
    {
      config: { access: 'viewer' },
      schema: { tags: ['tokens'], summary: 'Revoke an API token', params: idParam },
    },
    async (request, reply) => {
      requireRole(request.actor, 'viewer');
      await revokeApiToken(deps, request.actor, request.params.id);
      return reply.code(204).send();
    },
  );
}
