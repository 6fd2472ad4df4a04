import { Injectable, Optional } from '@nestjs/common';
import { cappedRole, type Principal, type Role } from '../roles.js';
import { sessionTokenId, Sessions } from '../sessions/sessions.js';
import { TokenService } from '../token.service.js';
import { AccessCache, type PersonAccess } from './access-cache.js';
import { PersonAccessSource } from './person-access.source.js';

/**
 * Turns a bearer token or a session cookie into the request's principal, from this instance's cache
 * once the caller is known. On a route of one process the role is the person's role there.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: Sessions,
    private readonly cache: AccessCache,
    /** Absent where no request is answered (the rebuild command mounts the live module); then no person is let in. */
    @Optional() private readonly people?: PersonAccessSource,
  ) {}

  /** Undefined for an unknown or revoked token, or one whose owner was deactivated. */
  async byToken(token: string, processId?: string): Promise<Principal | undefined> {
    const access = await this.tokens.authenticate(token);
    if (!access) return undefined;
    const base = { tokenId: access.tokenId, name: access.name, credential: 'token' as const };
    // Tokens made before people existed, and the bootstrap token, act with their own role.
    if (access.personId === null) return { ...base, role: access.role };
    const person = await this.person(access.personId);
    if (!person) return undefined;
    const cap = (owner: Role) => cappedRole(owner, access.role);
    return { ...base, role: cap(roleOn(person, processId)), processRoles: mapRoles(person.processRoles, cap), personId: person.personId };
  }

  /** Undefined for an unknown, ended or expired session, or one of a deactivated person. */
  async bySession(cookieValue: string, processId?: string): Promise<Principal | undefined> {
    const session = await this.sessions.find(cookieValue);
    if (!session) return undefined;
    const person = await this.person(session.personId);
    if (!person) return undefined;
    return {
      tokenId: sessionTokenId(session.idDigest),
      name: person.displayName,
      role: roleOn(person, processId),
      processRoles: person.processRoles,
      personId: person.personId,
      credential: 'cookie',
    };
  }

  /** The person while they may act: invited or active, not deactivated. */
  private async person(personId: string): Promise<PersonAccess | undefined> {
    const people = this.people;
    if (!people) return undefined;
    const person = await this.cache.through('person', personId, () => people.accessOf(personId));
    return person?.active ? person : undefined;
  }
}

function roleOn(person: PersonAccess, processId: string | undefined): Role {
  return (processId !== undefined && person.processRoles.get(processId)) || person.role;
}

function mapRoles(roles: ReadonlyMap<string, Role>, change: (role: Role) => Role): ReadonlyMap<string, Role> {
  return new Map([...roles].map(([processId, role]) => [processId, change(role)]));
}
