import { DomainError } from '../core/domain-error.ts';
import { hasRole, type Actor, type Role } from './actor.ts';

/** Refuses an actor below `role`: 401 for nobody, 403 for too low a role. */
export function requireRole(actor: Actor | null, role: Role): asserts actor is Actor {
  if (actor === null) throw new DomainError('unauthenticated', 'sign in first');
  if (!hasRole(actor, role)) throw new DomainError('forbidden', `this needs the ${role} role`);
}
