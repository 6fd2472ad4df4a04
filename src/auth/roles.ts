export const ROLES = ['viewer', 'editor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a request may do; `public` needs no token at all; `metrics` also takes METRICS_TOKEN. */
export type Capability = 'public' | 'read' | 'write' | 'audit' | 'admin' | 'metrics';

const CAPABILITIES: Record<Role, readonly Capability[]> = {
  viewer: ['public', 'read'],
  editor: ['public', 'read', 'write'],
  auditor: ['public', 'read', 'audit'],
  admin: ['public', 'read', 'write', 'audit', 'admin', 'metrics'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleCan(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}

/** Whether `holder` may do everything `role` may: a token never gives more than its owner has. */
export function roleCovers(holder: Role, role: Role): boolean {
  return CAPABILITIES[role].every((capability) => roleCan(holder, capability));
}

/**
 * The most a token of `tokenRole` may do for an owner who holds `owner`: what both allow. Two roles
 * neither of which covers the other (editor, auditor) share reading only.
 */
export function cappedRole(owner: Role, tokenRole: Role): Role {
  if (roleCovers(owner, tokenRole)) return tokenRole;
  if (roleCovers(tokenRole, owner)) return owner;
  return 'viewer';
}

/** Who is asking: absent for an anonymous request. */
export interface Principal {
  /** The API token's id, or `session-…` for a signed-in web page. */
  tokenId: string;
  name: string;
  /** The effective role of this request: on a route of one process, the person's role there when they hold one. */
  role: Role;
  /**
   * The person's roles on the processes where they hold one (capped by the token's role), so a list
   * spanning processes shows each as they may see it there.
   */
  processRoles?: ReadonlyMap<string, Role>;
  /** The person the request acts for, when the token or session is theirs. */
  personId?: string;
  /** How the request proved who it is: the session cookie or a bearer token. */
  credential: 'cookie' | 'token';
}
