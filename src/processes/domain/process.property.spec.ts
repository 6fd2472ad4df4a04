import fc from 'fast-check';
import { decide, type ProcessCommand } from './process.decisions.js';
import { DomainError } from './process.errors.js';
import { isProcessEventType } from './process.events.js';
import { evolve, type ProcessState } from './process.state.js';
import {
  aBuildingBlockAssessed,
  aCancelDeadline,
  aCorrectMilestone,
  aDeadlineMet,
  aDeadlineSet,
  aMilestoneLogged,
  aLogMilestone,
  aMarkDeadlineMet,
  aMilestoneRetracted,
  aMoveDeadline,
  anAddSubscription,
  anAssessBuildingBlock,
  anEncryptedValue,
  anEndSubscription,
  anOpenProcess,
  aProcessOpened,
  aRetractMilestone,
  aSetDeadline,
  aSubscriptionAdded,
  given,
} from './testing/process-builders.js';

const STATES: ProcessState[] = [
  given(),
  given(aProcessOpened()),
  given(
    aProcessOpened(),
    aMilestoneLogged(),
    aMilestoneLogged({ milestoneId: 'milestone-2', endsOn: '2020-09-01' }),
    aMilestoneRetracted({ milestoneId: 'milestone-2' }),
    aBuildingBlockAssessed(),
    aDeadlineSet(),
    aDeadlineSet({ deadlineId: 'deadline-2' }),
    aDeadlineMet({ deadlineId: 'deadline-2' }),
    aSubscriptionAdded(),
  ),
];

// Plausible values mixed with garbage, so both the accepting and the refusing paths run.
const anyValue = fc.oneof(
  fc.constantFrom(
    'milestone-1', 'milestone-2', 'deadline-1', 'deadline-2', 'subscription-1', 'assessment-1',
    'consultation', 'chairs-meeting', 'review', 'public', 'honoured', 'email', 'webhook', 'en', 'fr',
    'Europe/Zurich', 'Mars/Base', '2020-08-28', '2021-02-30', '2020-07-07T23:59:00+02:00', '2020-07-07T23:59:00',
    'P7D', 'PT0S', 'P2Y', 'advocacy@example.org', 'https://hooks.example.org/x', 'http://127.0.0.1/x', 'A/75/601',
    '', '   ', 'States', 'NGOs', 1, 7, 8, 0, true, false, null,
  ),
  fc.constant(anEncryptedValue()),
  fc.array(fc.constantFrom('States', 'NHRIs', 'P1D', 'P1W', 'milestone-1', 'milestone-2', 3, 9, 'x'), { maxLength: 12 }),
  fc.record({ url: fc.constantFrom('https://www.ohchr.org/', 'ftp://x'), symbol: fc.constantFrom('A/75/601', 'bad') }, { requiredKeys: [] }),
  fc.anything(),
);

const FIELDS = [
  'processId', 'title', 'mandate', 'description', 'reviewDueAt', 'timezone', 'milestoneId', 'kind', 'occurredOn',
  'endsOn', 'stakeholders', 'buildingBlocks', 'location', 'source', 'visibility', 'notes', 'translations',
  'confirmed', 'changes', 'reason', 'assessmentId', 'buildingBlock', 'rating', 'rationale', 'evidence', 'deadlineId',
  'dueAt', 'remindBefore', 'notifyOverdue', 'subscriptionId', 'channel', 'encryptedAddress', 'subjectId',
  'encryptedSecret', 'language',
] as const;

// Valid commands for the richest state, then a few fields overwritten: both accepting and refusing paths run.
const VALID_COMMANDS: ProcessCommand[] = [
  anOpenProcess(),
  aLogMilestone({ milestoneId: 'milestone-3' }),
  aCorrectMilestone(),
  aRetractMilestone(),
  anAssessBuildingBlock({ assessmentId: 'assessment-2' }),
  aSetDeadline({ deadlineId: 'deadline-3' }),
  aMoveDeadline(),
  aMarkDeadlineMet(),
  aCancelDeadline(),
  anAddSubscription({ subscriptionId: 'subscription-2' }),
  anAddSubscription({
    subscriptionId: 'subscription-3',
    channel: 'webhook',
    encryptedSecret: anEncryptedValue(),
  }),
  anEndSubscription(),
];

const aCommand = fc
  .tuple(
    fc.constantFrom(...VALID_COMMANDS),
    fc.dictionary(fc.constantFrom(...FIELDS, 'type'), anyValue, { maxKeys: 3 }),
    fc.oneof(
      fc.record({ title: fc.string(), notes: fc.option(fc.string()), confirmed: fc.boolean() }, { requiredKeys: [] }),
      fc.dictionary(fc.constantFrom('title', 'occurredOn', 'endsOn', 'kind', 'notes', 'confirmed', 'id'), anyValue, {
        maxKeys: 3,
      }),
    ),
  )
  .map(([base, overrides, changes]) => {
    const command: Record<string, unknown> = { ...base, ...overrides };
    if (base.type === 'CorrectMilestone' && !('changes' in overrides)) command.changes = changes;
    return command as unknown as ProcessCommand;
  });

describe('decide (property)', () => {
  it('returns known events that evolve cleanly, or throws a DomainError, for any payload', () => {
    fc.assert(
      fc.property(aCommand, fc.constantFrom(...STATES), (command, state) => {
        let events;
        try {
          events = decide(command, state);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          return;
        }
        expect(Array.isArray(events)).toBe(true);
        for (const event of events) {
          expect(isProcessEventType(event.type)).toBe(true);
          state = evolve(state, event);
        }
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});
