import fc from 'fast-check';
import { ROLES, type Role } from '../../auth/roles.js';
import { decidePerson, roleCovers, type PersonCommand } from './person.decisions.js';
import type { PersonErrorCode } from './person.errors.js';
import type { PersonEvent } from './person.events.js';
import { evolvePerson, initialPersonState } from './person.state.js';

const personId = '6f1c2b1e-4b7a-4e59-9a53-2f4f8a9d1c01';
const processId = '0b3e7c55-8a1d-4c1e-b0a4-7d2f9e6a3b10';
const email = { keyId: 'k1', iv: 'aXY=', ciphertext: 'Y2lwaGVy', tag: 'dGFn' };
const invited: PersonEvent = { type: 'PersonInvited', data: { personId, subjectId: 'subject-1', email, displayName: 'Ana Ruiz', language: 'es', role: 'viewer' } };
const joined: PersonEvent = { type: 'PersonJoined', data: { personId, via: 'email-link' } };

const given = (...history: PersonEvent[]) => history.reduce(evolvePerson, initialPersonState);
const when = (command: PersonCommand, history: PersonEvent[] = [invited, joined]) => decidePerson(command, given(...history));

function rejection(command: PersonCommand, history: PersonEvent[] = [invited, joined]): { code: PersonErrorCode; field?: string } {
  try {
    when(command, history);
  } catch (error) {
    const { code, field } = error as { code: PersonErrorCode; field?: string };
    return { code, ...(field !== undefined && { field }) };
  }
  throw new Error('the command was accepted');
}

describe('a person', () => {
  describe('invited', () => {
    const invite = { type: 'InvitePerson', personId, subjectId: 'subject-1', email, displayName: ' Ana Ruiz ', language: 'es', role: 'viewer' } as const;

    it('is recorded with the address as encrypted, and the roles a process gives them', () => {
      expect(when({ ...invite, processRoles: [{ processId, role: 'editor' }] }, [])).toEqual([invited, { type: 'ProcessRoleGranted', data: { personId, processId, role: 'editor' } }]);
    });

    it('is refused twice, and with a bad name, language, role or process', () => {
      expect(rejection(invite, [invited])).toEqual({ code: 'person-already-invited' });
      expect(rejection({ ...invite, displayName: '  ' }, [])).toEqual({ code: 'display-name-required', field: 'displayName' });
      expect(rejection({ ...invite, displayName: 'x'.repeat(201) }, [])).toEqual({ code: 'display-name-too-long', field: 'displayName' });
      expect(rejection({ ...invite, language: 'de' as never }, [])).toEqual({ code: 'unsupported-language', field: 'language' });
      expect(rejection({ ...invite, role: 'owner' as never }, [])).toEqual({ code: 'unknown-role', field: 'role' });
      expect(rejection({ ...invite, processRoles: [{ processId: 'p-1', role: 'editor' }] }, [])).toEqual({ code: 'invalid-process-id', field: 'processRoles[0].processId' });
      expect(rejection({ ...invite, personId: 'not-a-uuid' }, [])).toEqual({ code: 'invalid-person-id', field: 'personId' });
    });
  });

  it('joins once; a second sign-in records nothing; a deactivated person cannot join', () => {
    expect(when({ type: 'JoinTracker', via: 'email-link' }, [invited])).toEqual([joined]);
    expect(when({ type: 'JoinTracker', via: 'oidc' })).toEqual([]);
    expect(rejection({ type: 'JoinTracker', via: 'oidc' }, [invited, joined, { type: 'PersonDeactivated', data: { personId } }])).toEqual({ code: 'person-deactivated' });
  });

  it('is not found before the invitation', () => {
    expect(rejection({ type: 'ChangeRole', role: 'editor' }, [])).toEqual({ code: 'person-not-found' });
  });

  it('changes only what differs in their profile', () => {
    expect(when({ type: 'ChangeProfile', displayName: 'Ana Ruiz', language: 'fr' })).toEqual([{ type: 'PersonProfileChanged', data: { personId, language: 'fr' } }]);
    expect(when({ type: 'ChangeProfile', displayName: 'Ana Ruiz' })).toEqual([]);
  });

  it('holds a role on the tracker and another on a process, which can be withdrawn', () => {
    expect(when({ type: 'ChangeRole', role: 'editor' })).toEqual([{ type: 'PersonRoleChanged', data: { personId, role: 'editor' } }]);
    expect(when({ type: 'ChangeRole', role: 'viewer' })).toEqual([]);
    const granted: PersonEvent = { type: 'ProcessRoleGranted', data: { personId, processId, role: 'editor' } };
    expect(given(invited, granted).processRoles.get(processId)).toBe('editor');
    expect(when({ type: 'WithdrawProcessRole', processId }, [invited, granted])).toEqual([{ type: 'ProcessRoleWithdrawn', data: { personId, processId } }]);
    expect(rejection({ type: 'WithdrawProcessRole', processId })).toEqual({ code: 'process-role-not-found', field: 'processId' });
  });

  it('is deactivated and reactivated, each once', () => {
    const deactivated: PersonEvent = { type: 'PersonDeactivated', data: { personId, reason: 'left the coalition' } };
    expect(when({ type: 'DeactivatePerson', reason: 'left the coalition' })).toEqual([deactivated]);
    expect(when({ type: 'DeactivatePerson' }, [invited, joined, deactivated])).toEqual([]);
    expect(when({ type: 'ReactivatePerson' }, [invited, joined, deactivated])).toEqual([{ type: 'PersonReactivated', data: { personId } }]);
    expect(rejection({ type: 'ReactivatePerson' })).toEqual({ code: 'person-not-deactivated' });
  });

  describe('API tokens', () => {
    const created: PersonEvent = { type: 'ApiTokenCreated', data: { personId, tokenId: 't-1', name: 'Coalition spreadsheet sync', role: 'viewer' } };

    it('are created within the owner role and revoked once', () => {
      expect(when({ type: 'CreateApiToken', tokenId: 't-1', name: ' Coalition spreadsheet sync ', role: 'viewer' })).toEqual([created]);
      expect(rejection({ type: 'CreateApiToken', tokenId: 't-2', name: 'sync', role: 'editor' })).toEqual({ code: 'token-role-above-person', field: 'role' });
      expect(when({ type: 'RevokeApiToken', tokenId: 't-1' }, [invited, joined, created])).toEqual([{ type: 'ApiTokenRevoked', data: { personId, tokenId: 't-1' } }]);
      expect(when({ type: 'RevokeApiToken', tokenId: 't-1' }, [invited, joined, created, { type: 'ApiTokenRevoked', data: { personId, tokenId: 't-1' } }])).toEqual([]);
      expect(rejection({ type: 'RevokeApiToken', tokenId: 'nope' })).toEqual({ code: 'token-not-found' });
    });

    it('are not made for a deactivated person', () => {
      expect(rejection({ type: 'CreateApiToken', tokenId: 't-1', name: 'sync', role: 'viewer' }, [invited, { type: 'PersonDeactivated', data: { personId } }])).toEqual({ code: 'person-deactivated' });
    });
  });
});

describe('roleCovers', () => {
  it('is a partial order: admin covers all, editor and auditor cover neither each other', () => {
    expect(roleCovers('admin', 'editor')).toBe(true);
    expect(roleCovers('editor', 'auditor')).toBe(false);
    expect(roleCovers('auditor', 'editor')).toBe(false);
    expect(roleCovers('editor', 'viewer')).toBe(true);
  });

  it('is reflexive and transitive for every role', () => {
    const role = fc.constantFrom<Role>(...ROLES);
    fc.assert(fc.property(role, (r) => roleCovers(r, r)));
    fc.assert(fc.property(role, role, role, (a, b, c) => !(roleCovers(a, b) && roleCovers(b, c)) || roleCovers(a, c)));
  });
});
