import { isRole, roleCovers, type Role } from '../../auth/roles.js';
import type { EncryptedValue } from '../../privacy/encrypted-value.js';
import { isLanguage, type Language } from '../../processes/domain/process.vocabulary.js';
import { PersonError } from './person.errors.js';
import type { JoinedVia, PersonEvent } from './person.events.js';
import type { PersonState } from './person.state.js';

export const DISPLAY_NAME_MAX_LENGTH = 200;
export const TOKEN_NAME_MAX_LENGTH = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface InvitePerson {
  type: 'InvitePerson';
  personId: string;
  subjectId: string;
  /** Encrypted by the handler under the person's key before the domain sees it. */
  email: EncryptedValue;
  displayName: string;
  language: Language;
  role: Role;
  /** Roles on given processes, granted with the invitation. */
  processRoles?: { processId: string; role: Role }[];
}
export interface JoinTracker {
  type: 'JoinTracker';
  via: JoinedVia;
}
export interface ChangeProfile {
  type: 'ChangeProfile';
  displayName?: string;
  language?: Language;
}
export interface ChangeRole {
  type: 'ChangeRole';
  role: Role;
}
export interface GrantProcessRole {
  type: 'GrantProcessRole';
  processId: string;
  role: Role;
}
export interface WithdrawProcessRole {
  type: 'WithdrawProcessRole';
  processId: string;
}
export interface DeactivatePerson {
  type: 'DeactivatePerson';
  reason?: string;
}
export interface ReactivatePerson {
  type: 'ReactivatePerson';
}
export interface CreateApiToken {
  type: 'CreateApiToken';
  tokenId: string;
  name: string;
  role: Role;
}
export interface RevokeApiToken {
  type: 'RevokeApiToken';
  tokenId: string;
}

export type PersonCommand =
  | InvitePerson
  | JoinTracker
  | ChangeProfile
  | ChangeRole
  | GrantProcessRole
  | WithdrawProcessRole
  | DeactivatePerson
  | ReactivatePerson
  | CreateApiToken
  | RevokeApiToken;

export { roleCovers };

/** The events a command on one person records, or a PersonError; pure: no clock, no I/O. */
export function decidePerson(command: PersonCommand, state: PersonState): PersonEvent[] {
  if (command.type === 'InvitePerson') return invite(command, state);
  const personId = state.personId;
  if (personId === undefined) throw new PersonError('person-not-found', 'No such person');
  switch (command.type) {
    case 'JoinTracker':
      if (state.status === 'deactivated') throw new PersonError('person-deactivated', 'This person was deactivated: an admin may reactivate them');
      if (state.status === 'active') return [];
      return [{ type: 'PersonJoined', data: { personId, via: command.via } }];
    case 'ChangeProfile': {
      const displayName = command.displayName === undefined ? undefined : requireDisplayName(command.displayName);
      const language = command.language === undefined ? undefined : requireLanguage(command.language);
      const changes = {
        ...(displayName !== undefined && displayName !== state.displayName && { displayName }),
        ...(language !== undefined && language !== state.language && { language }),
      };
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'PersonProfileChanged', data: { personId, ...changes } }];
    }
    case 'ChangeRole': {
      const role = requireRole(command.role, 'role');
      return role === state.role ? [] : [{ type: 'PersonRoleChanged', data: { personId, role } }];
    }
    case 'GrantProcessRole': {
      const processId = requireProcessId(command.processId);
      const role = requireRole(command.role, 'role');
      return state.processRoles.get(processId) === role ? [] : [{ type: 'ProcessRoleGranted', data: { personId, processId, role } }];
    }
    case 'WithdrawProcessRole': {
      const processId = requireProcessId(command.processId);
      if (!state.processRoles.has(processId)) throw new PersonError('process-role-not-found', 'This person holds no role of their own on this process', 'processId');
      return [{ type: 'ProcessRoleWithdrawn', data: { personId, processId } }];
    }
    case 'DeactivatePerson':
      if (state.status === 'deactivated') return [];
      return [{ type: 'PersonDeactivated', data: { personId, ...(command.reason && { reason: command.reason }) } }];
    case 'ReactivatePerson':
      if (state.status !== 'deactivated') throw new PersonError('person-not-deactivated', 'This person is not deactivated');
      return [{ type: 'PersonReactivated', data: { personId } }];
    case 'CreateApiToken': {
      if (state.status === 'deactivated') throw new PersonError('person-deactivated', 'A deactivated person holds no tokens');
      const name = command.name.trim();
      if (!name) throw new PersonError('token-name-required', 'name must say what the token is for', 'name');
      if (name.length > TOKEN_NAME_MAX_LENGTH) throw new PersonError('token-name-too-long', `name must be at most ${TOKEN_NAME_MAX_LENGTH} characters`, 'name');
      const role = requireRole(command.role, 'role');
      if (!roleCovers(state.role, role)) throw new PersonError('token-role-above-person', `A token may not do more than its owner: ${state.role} cannot give ${role}`, 'role');
      return [{ type: 'ApiTokenCreated', data: { personId, tokenId: command.tokenId, name, role } }];
    }
    case 'RevokeApiToken': {
      const token = state.tokens.get(command.tokenId);
      if (!token) throw new PersonError('token-not-found', 'This person holds no such token');
      return token.revoked ? [] : [{ type: 'ApiTokenRevoked', data: { personId, tokenId: command.tokenId } }];
    }
  }
}

function invite(command: InvitePerson, state: PersonState): PersonEvent[] {
  if (state.personId !== undefined) throw new PersonError('person-already-invited', 'This person is already known');
  if (!UUID.test(command.personId)) throw new PersonError('invalid-person-id', 'personId must be a UUID', 'personId');
  const { personId, subjectId, email } = command;
  const data = { personId, subjectId, email, displayName: requireDisplayName(command.displayName), language: requireLanguage(command.language), role: requireRole(command.role, 'role') };
  const grants = (command.processRoles ?? []).map(({ processId, role }, index): PersonEvent => ({
    type: 'ProcessRoleGranted',
    data: { personId, processId: requireProcessId(processId, `processRoles[${index}].processId`), role: requireRole(role, `processRoles[${index}].role`) },
  }));
  return [{ type: 'PersonInvited', data }, ...grants];
}

function requireDisplayName(value: string): string {
  const name = value.trim();
  if (!name) throw new PersonError('display-name-required', 'displayName must not be empty', 'displayName');
  if (name.length > DISPLAY_NAME_MAX_LENGTH) throw new PersonError('display-name-too-long', `displayName must be at most ${DISPLAY_NAME_MAX_LENGTH} characters`, 'displayName');
  return name;
}

function requireLanguage(value: unknown): Language {
  if (!isLanguage(value)) throw new PersonError('unsupported-language', `language ${String(value)} is not offered`, 'language');
  return value;
}

function requireRole(value: unknown, field: string): Role {
  if (!isRole(value)) throw new PersonError('unknown-role', `${field} must be viewer, editor, auditor or admin`, field);
  return value;
}

function requireProcessId(value: unknown, field = 'processId'): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new PersonError('invalid-process-id', `${field} must be a process id (a UUID)`, field);
  return value;
}
