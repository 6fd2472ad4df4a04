import type { Role } from '../../auth/roles.js';
import type { EncryptedValue } from '../../privacy/encrypted-value.js';
import type { Language } from '../../processes/domain/process.vocabulary.js';

/** How a person first came in: an invitation's link, their organisation's provider, or the first start's link. */
export const JOINED_VIA = ['email-link', 'oidc', 'first-start'] as const;
export type JoinedVia = (typeof JOINED_VIA)[number];

export type PersonStatus = 'invited' | 'active' | 'deactivated';

/** What is recorded of a person, on the stream `person-<uuid>`; the address only ever encrypted under their own key. */
export type PersonEvent =
  | {
      type: 'PersonInvited';
      data: {
        personId: string;
        /** Their key in the vault, shared with their subscriptions: one erasure forgets both. */
        subjectId: string;
        email: EncryptedValue;
        displayName: string;
        language: Language;
        /** Their role on the whole tracker; a process may give them another. */
        role: Role;
      };
    }
  | { type: 'PersonJoined'; data: { personId: string; via: JoinedVia } }
  | { type: 'PersonProfileChanged'; data: { personId: string; displayName?: string; language?: Language } }
  | { type: 'PersonRoleChanged'; data: { personId: string; role: Role } }
  | { type: 'ProcessRoleGranted'; data: { personId: string; processId: string; role: Role } }
  | { type: 'ProcessRoleWithdrawn'; data: { personId: string; processId: string } }
  | { type: 'PersonDeactivated'; data: { personId: string; reason?: string } }
  | { type: 'PersonReactivated'; data: { personId: string } }
  | { type: 'ApiTokenCreated'; data: { personId: string; tokenId: string; name: string; role: Role } }
  | { type: 'ApiTokenRevoked'; data: { personId: string; tokenId: string } };

export type PersonEventType = PersonEvent['type'];
export type PersonEventOf<T extends PersonEventType> = Extract<PersonEvent, { type: T }>;

const EVENT_TYPE_SET: Record<PersonEventType, true> = {
  PersonInvited: true,
  PersonJoined: true,
  PersonProfileChanged: true,
  PersonRoleChanged: true,
  ProcessRoleGranted: true,
  ProcessRoleWithdrawn: true,
  PersonDeactivated: true,
  PersonReactivated: true,
  ApiTokenCreated: true,
  ApiTokenRevoked: true,
};

export const PERSON_EVENT_TYPES = Object.keys(EVENT_TYPE_SET) as readonly PersonEventType[];

export function isPersonEventType(type: string): type is PersonEventType {
  return Object.hasOwn(EVENT_TYPE_SET, type);
}

/** A stored event of a type this module records; its data is as that type's, since only its decisions append them. */
export function isPersonEvent(event: { type: string; data: unknown }): event is PersonEvent {
  return isPersonEventType(event.type);
}
