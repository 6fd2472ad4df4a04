import { DOMAIN_ERROR_CODES, DomainError, domainErrorKind } from './process.errors.js';
import { PROCESS_EVENT_TYPES, isProcessEventType } from './process.events.js';
import { BUILDING_BLOCKS, MILESTONE_KINDS, RATINGS, STAKEHOLDER_GROUPS } from './process.vocabulary.js';

describe('catalogue', () => {
  it('lists every event type once', () => {
    expect(PROCESS_EVENT_TYPES).toEqual([
      'ProcessOpened',
      'MilestoneLogged',
      'MilestoneCorrected',
      'MilestoneRetracted',
      'BuildingBlockAssessed',
      'DeadlineSet',
      'DeadlineMoved',
      'DeadlineMet',
      'DeadlineCancelled',
      'SubscriptionAdded',
      'SubscriptionEnded',
      'ReminderSent',
      'ReminderFailed',
      'ImportApplied',
    ]);
    expect(isProcessEventType('ReminderQueued')).toBe(false);
    expect(isProcessEventType('toString')).toBe(false);
  });

  it('covers every milestone kind and stakeholder group the demonstration data uses', () => {
    const usedKinds = ['appointment', 'chairs-meeting', 'consultation', 'deadline', 'implementation', 'initiative',
      'position', 'report', 'resolution', 'statement', 'submission'];
    expect(MILESTONE_KINDS).toEqual(expect.arrayContaining(usedKinds));
    expect(STAKEHOLDER_GROUPS).toEqual(['States', 'TreatyBodies', 'CivilSociety', 'NHRIs', 'OHCHR', 'Academia', 'PGA']);
  });

  it('numbers the seven building blocks and orders ratings from worst to best', () => {
    expect(BUILDING_BLOCKS.map((b) => b.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(RATINGS[0]).toBe('not-honoured');
    expect(RATINGS[RATINGS.length - 1]).toBe('honoured');
  });

  it('gives each error code a kind and carries it on the error', () => {
    expect(new Set(DOMAIN_ERROR_CODES).size).toBe(DOMAIN_ERROR_CODES.length);
    for (const code of DOMAIN_ERROR_CODES) expect(['validation', 'not-found', 'conflict']).toContain(domainErrorKind(code));
    const error = new DomainError('deadline-closed', 'the deadline is met', 'deadlineId');
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.kind, error.field]).toEqual(['DomainError', 'deadline-closed', 'conflict', 'deadlineId']);
  });
});
