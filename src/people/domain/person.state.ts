import type { Role } from '../../auth/roles.js';
import type { Language } from '../../processes/domain/process.vocabulary.js';
import { isPersonEvent, type PersonEvent, type PersonStatus } from './person.events.js';

export interface ApiTokenState {
  name: string;
  role: Role;
  revoked: boolean;
}

/** A person folded from their stream; `status` undefined until they are invited. */
export interface PersonState {
  personId?: string;
  subjectId?: string;
  status?: PersonStatus;
  displayName: string;
  language: Language;
  role: Role;
  /** Roles a process gives them instead of `role`. */
  processRoles: ReadonlyMap<string, Role>;
  tokens: ReadonlyMap<string, ApiTokenState>;
}

export const initialPersonState: PersonState = Object.freeze({
  displayName: '',
  language: 'en',
  role: 'viewer',
  processRoles: new Map(),
  tokens: new Map(),
});

/** Never mutates its input, so cached states stay valid; events of other types are ignored. */
export function evolvePerson(state: PersonState, event: PersonEvent | { type: string; data: unknown }): PersonState {
  if (!isPersonEvent(event)) return state;
  switch (event.type) {
    case 'PersonInvited': {
      const { personId, subjectId, displayName, language, role } = event.data;
      return { ...state, personId, subjectId, status: 'invited', displayName, language, role };
    }
    case 'PersonJoined':
    case 'PersonReactivated':
      return { ...state, status: 'active' };
    case 'PersonProfileChanged':
      return { ...state, displayName: event.data.displayName ?? state.displayName, language: event.data.language ?? state.language };
    case 'PersonRoleChanged':
      return { ...state, role: event.data.role };
    case 'ProcessRoleGranted':
      return { ...state, processRoles: new Map(state.processRoles).set(event.data.processId, event.data.role) };
    case 'ProcessRoleWithdrawn': {
      const processRoles = new Map(state.processRoles);
      processRoles.delete(event.data.processId);
      return { ...state, processRoles };
    }
    case 'PersonDeactivated':
      return { ...state, status: 'deactivated' };
    case 'ApiTokenCreated': {
      const { tokenId, name, role } = event.data;
      return { ...state, tokens: new Map(state.tokens).set(tokenId, { name, role, revoked: false }) };
    }
    case 'ApiTokenRevoked': {
      const token = state.tokens.get(event.data.tokenId);
      return token ? { ...state, tokens: new Map(state.tokens).set(event.data.tokenId, { ...token, revoked: true }) } : state;
    }
  }
}
