import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '../core/domain-error.ts';
import type { UserRow } from '../store/schema.ts';
import { roles, type Actor, type Role } from './actor.ts';
import { requireRole } from './authorize.ts';
import { change, found, type Deps } from './tx.ts';

// argon2id, OWASP's second recommended setting (19 MiB, t=2).
const argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const sessionDays = 14;

/** SHA-256 of a secret token: tokens are random and long, so a fast hash is enough to store them. */
export const tokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/** A random secret, URL-safe. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export type PublicUser = Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'disabled'> & {
  created_at: Date;
  must_change_password: boolean;
};

const publicUser = (u: UserRow): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabled,
  created_at: u.created_at,
  must_change_password: u.must_change_password,
});

/** The actor a user acts as. */
export const actorOf = (u: Pick<UserRow, 'id' | 'email' | 'role'>): Actor => ({
  id: u.id,
  name: u.email,
  role: u.role,
});

/**
 * Creates a user with a password (generated and returned once when not given). The password is
 * stored as an argon2id hash only; the event records the user, never the password.
 */
export async function createUser(
  deps: Deps,
  actor: Actor,
  input: { email: string; name?: string | undefined; role: Role; password?: string | undefined },
): Promise<{ user: PublicUser; password: string }> {
  requireRole(actor, 'admin');
  if (!roles.includes(input.role))
    throw new DomainError('invalid_request', `role must be one of ${roles.join(', ')}`);
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email))
    throw new DomainError('invalid_request', `"${input.email}" is not an email address`);
  const password = input.password ?? randomToken(12);
  if (password.length < 10)
    throw new DomainError('invalid_request', 'a password needs at least 10 characters');
  const password_hash = await hash(password, argon2Options);
  return change(deps, actor, async (tx) => {
    if (await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())
      throw new DomainError('conflict', `a user ${email} exists`);
    const row = await tx
      .insertInto('users')
      .values({
        email,
        name: input.name ?? email.split('@')[0]!,
        role: input.role,
        password_hash,
        must_change_password: input.password === undefined,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      result: { user: publicUser(row), password },
      event: {
        type: 'user.created',
        agreementId: null,
        subject: `user:${row.id}`,
        payload: { email, role: row.role },
      },
    };
  });
}

/** Changes one's own password, given the current one; ends the other sessions. */
export async function changePassword(
  deps: Deps,
  actor: Actor,
  current: string,
  next: string,
  keepSession: string | null,
): Promise<void> {
  requireRole(actor, 'viewer');
  if (next.length < 10)
    throw new DomainError('invalid_request', 'a password needs at least 10 characters');
  const user = found(
    await deps.db.selectFrom('users').selectAll().where('id', '=', actor.id!).executeTakeFirst(),
    'user_not_found',
    'no such user',
  );
  if (!(await verify(user.password_hash, current).catch(() => false)))
    throw new DomainError('forbidden', 'the current password is wrong');
  const password_hash = await hash(next, argon2Options);
  await change(deps, actor, async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash, must_change_password: false })
      .where('id', '=', user.id)
      .execute();
    let others = tx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (keepSession) others = others.where('token_hash', '!=', tokenHash(keepSession));
    await others.execute();
    return {
      result: undefined,
      event: {
        type: 'user.password_changed',
        agreementId: null,
        subject: `user:${user.id}`,
        payload: {},
      },
    };
  });
}

/** Users in id order. */
export async function listUsers(deps: Deps, actor: Actor): Promise<PublicUser[]> {
  requireRole(actor, 'admin');
  return (await deps.db.selectFrom('users').selectAll().orderBy('id').execute()).map(publicUser);
}

/** Changes a user's role or disables them (which also ends their sessions and tokens). */
export async function updateUser(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: { role?: Role | undefined; disabled?: boolean | undefined; name?: string | undefined },
): Promise<PublicUser> {
  requireRole(actor, 'admin');
  if (patch.role === undefined && patch.disabled === undefined && !patch.name) {
    // Nothing to change (an UPDATE with no SET would fail): the user as is, and no event.
    const user = await deps.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return publicUser(found(user, 'user_not_found', `no user ${id}`));
  }
  return change(deps, actor, async (tx) => {
    found(
      await tx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst(),
      'user_not_found',
      `no user ${id}`,
    );
    const row = await tx
      .updateTable('users')
      .set({
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        ...(patch.name ? { name: patch.name } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (patch.disabled) {
      await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await tx
        .updateTable('api_tokens')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    }
    return {
      result: publicUser(row),
      event: {
        type: 'user.updated',
        agreementId: null,
        subject: `user:${id}`,
        payload: { ...patch },
      },
    };
  });
}

/** Sets a new password (generated when not given) and ends the user's sessions. */
export async function resetPassword(
  deps: Deps,
  actor: Actor,
  email: string,
  password?: string,
): Promise<{ user: PublicUser; password: string }> {
  requireRole(actor, 'admin');
  const next = password ?? randomToken(12);
  if (next.length < 10)
    throw new DomainError('invalid_request', 'a password needs at least 10 characters');
  const password_hash = await hash(next, argon2Options);
  return change(deps, actor, async (tx) => {
    const user = found(
      await tx
        .selectFrom('users')
        .selectAll()
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst(),
      'user_not_found',
      `no user ${email}`,
    );
    const row = await tx
      .updateTable('users')
      .set({ password_hash, must_change_password: password === undefined })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    return {
      result: { user: publicUser(row), password: next },
      event: {
        type: 'user.password_reset',
        agreementId: null,
        subject: `user:${user.id}`,
        payload: { email: user.email },
      },
    };
  });
}

// Verifying against a fixed hash when the user does not exist keeps the timing the same.
let dummyHash: Promise<string> | null = null;

/** The user with this email and password, or null (same timing either way). Disabled users cannot sign in. */
export async function authenticate(
  deps: Deps,
  email: string,
  password: string,
): Promise<UserRow | null> {
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  dummyHash ??= hash('not-a-password-of-anyone', argon2Options);
  const ok = await verify(user?.password_hash ?? (await dummyHash), password).catch(() => false);
  return user && ok && !user.disabled ? user : null;
}

/** Starts a session: a random token for the cookie (stored hashed) and a CSRF token. */
export async function createSession(
  deps: Deps,
  userId: string,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + sessionDays * 86_400_000);
  await deps.db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash(token),
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** The user and CSRF token of a live session, or null. */
export async function sessionUser(
  deps: Deps,
  token: string,
): Promise<{ user: UserRow; csrfToken: string } | null> {
  const row = await deps.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.disabled || row.expires_at.getTime() < Date.now()) return null;
  const { csrf_token, expires_at: _expires, ...user } = row;
  return { user, csrfToken: csrf_token };
}

/** Ends a session (logout). */
export async function endSession(deps: Deps, token: string): Promise<void> {
  await deps.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** Creates an API token for scripts; the secret is returned once and stored hashed. */
export async function createApiToken(
  deps: Deps,
  actor: Actor,
  name: string,
): Promise<{ id: string; name: string; token: string }> {
  requireRole(actor, 'viewer');
  const token = `acc_${randomToken()}`;
  return change(deps, actor, async (tx) => {
    const row = await tx
      .insertInto('api_tokens')
      .values({
        user_id: actor.id!,
        name,
        token_hash: tokenHash(token),
        last_used_at: null,
        revoked_at: null,
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    return {
      result: { ...row, token },
      event: {
        type: 'token.created',
        agreementId: null,
        subject: `token:${row.id}`,
        payload: { name },
      },
    };
  });
}

/** The API tokens of the actor (admins: everyone's), without secrets. */
export async function listApiTokens(deps: Deps, actor: Actor) {
  requireRole(actor, 'viewer');
  let q = deps.db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('id');
  if (actor.role !== 'admin') q = q.where('user_id', '=', actor.id!);
  return q.execute();
}

/** Revokes a token (its owner or an admin). */
export async function revokeApiToken(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'viewer');
  await change(deps, actor, async (tx) => {
    const token = found(
      await tx.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),
      'not_found',
      `no token ${id}`,
    );
    if (token.user_id !== actor.id && actor.role !== 'admin')
      throw new DomainError('forbidden', 'not your token');
    await tx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .execute();
    return {
      result: undefined,
      event: { type: 'token.revoked', agreementId: null, subject: `token:${id}`, payload: {} },
    };
  });
}

/** The user of a live API token, or null. */
export async function tokenUser(deps: Deps, token: string): Promise<UserRow | null> {
  const row = await deps.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select(['api_tokens.id as token_id', 'api_tokens.revoked_at'])
    .where('api_tokens.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled) return null;
  const { token_id, revoked_at: _r, ...user } = row;
  void deps.db
    .updateTable('api_tokens')
    .set({ last_used_at: new Date() })
    .where('id', '=', token_id)
    .execute()
    .catch(() => undefined);
  return user;
}

/**
 * On first run (no users), creates the admin: with ACCORD_ADMIN_PASSWORD when set, else a
 * one-time password that must be changed, returned so that the caller prints it once.
 */
export async function ensureAdmin(
  deps: Deps,
  env: { email?: string | undefined; password?: string | undefined },
): Promise<{ email: string; password: string | null } | null> {
  const someUser = await deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (someUser) return null;
  const email = env.email ?? 'admin@localhost';
  const { password } = await createUser(
    deps,
    { id: null, name: 'system', role: 'admin' },
    { email, name: 'Administrator', role: 'admin', password: env.password },
  );
  return { email, password: env.password ? null : password };
}

/** Compares secrets in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
