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

/** Who is asking: absent for an anonymous request. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** The person the request acts for, when the token is theirs. */
  personId?: string;
}
