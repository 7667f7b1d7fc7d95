export const roles = ['viewer', 'analyst', 'reviewer', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who is acting: a signed-in user, an API token's user, or the system itself (CLI, jobs). */
export interface Actor {
  id: string | null;
  name: string;
  role: Role;
}

/** The system acting on its own behalf (first-run import, the CLI on the data folder). */
export const systemActor: Actor = { id: null, name: 'system', role: 'admin' };

const rank: Record<Role, number> = { viewer: 0, analyst: 1, reviewer: 2, admin: 3 };

/** Whether a role includes another: admin > reviewer > analyst > viewer. */
export function hasRole(actor: Pick<Actor, 'role'> | null, role: Role): boolean {
  return actor !== null && rank[actor.role] >= rank[role];
}
