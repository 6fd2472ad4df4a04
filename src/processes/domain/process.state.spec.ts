import type { ProcessEvent } from './process.events.js';
import { evolve, foldProcess, initialProcessState } from './process.state.js';
import {
  aBuildingBlockAssessed,
  aDeadlineCancelled,
  aDeadlineMet,
  aDeadlineMoved,
  aDeadlineSet,
  aMilestoneCorrected,
  aMilestoneLogged,
  aMilestoneRetracted,
  aProcessOpened,
  aSubscriptionAdded,
  aSubscriptionEnded,
  given,
} from './testing/process-builders.js';

describe('evolve', () => {
  it('starts from a process that does not exist', () => {
    expect(initialProcessState.exists).toBe(false);
    expect(initialProcessState.milestones.size).toBe(0);
  });

  it('opens the process', () => {
    const state = given(aProcessOpened({ mandate: 'A/RES/68/268', reviewDueAt: '2020-04-09' }));
    expect(state).toMatchObject({
      exists: true,
      processId: 'process-1',
      title: 'Review of resolution 68/268',
      mandate: 'A/RES/68/268',
      reviewDueAt: '2020-04-09',
      timezone: 'Europe/Zurich',
    });
  });

  it('adds a logged milestone, not retracted', () => {
    const state = given(aProcessOpened(), aMilestoneLogged());
    expect(state.milestones.get('milestone-1')).toEqual({ ...aMilestoneLogged().data, retracted: false });
  });

  it('merges a correction into the milestone and removes fields corrected to null', () => {
    const state = given(
      aProcessOpened(),
      aMilestoneLogged({ endsOn: '2020-08-29', location: 'Geneva', notes: 'hybrid' }),
      aMilestoneCorrected({ changes: { title: 'New title', endsOn: null, stakeholders: ['NHRIs'] } }),
    );
    const milestone = state.milestones.get('milestone-1');
    expect(milestone).toEqual({
      ...aMilestoneLogged({ location: 'Geneva', notes: 'hybrid' }).data,
      title: 'New title',
      stakeholders: ['NHRIs'],
      retracted: false,
    });
    expect(milestone).not.toHaveProperty('endsOn');
  });

  it('flags a retracted milestone and keeps its fields', () => {
    const state = given(aProcessOpened(), aMilestoneLogged(), aMilestoneRetracted());
    expect(state.milestones.get('milestone-1')).toEqual({ ...aMilestoneLogged().data, retracted: true });
  });

  it('counts assessments per block and keeps the last one', () => {
    const state = given(
      aProcessOpened(),
      aMilestoneLogged(),
      aBuildingBlockAssessed({ assessmentId: 'a-1', rating: 'at-risk' }),
      aBuildingBlockAssessed({ assessmentId: 'a-2', rating: 'honoured', evidence: [] }),
      aBuildingBlockAssessed({ assessmentId: 'a-3', buildingBlock: 7, rating: 'not-honoured' }),
    );
    expect(state.assessments[1]).toEqual({
      count: 2,
      last: { assessmentId: 'a-2', rating: 'honoured', rationale: aBuildingBlockAssessed().data.rationale, evidence: [] },
    });
    expect(state.assessments[7].count).toBe(1);
    expect(state.assessments[2]).toEqual({ count: 0 });
    expect(state.assessmentIds.get('a-3')).toBe(7);
  });

  it('opens a set deadline, moves its due instant, and closes it when met or cancelled', () => {
    const set = given(aProcessOpened(), aDeadlineSet());
    expect(set.deadlines.get('deadline-1')).toEqual({ ...aDeadlineSet().data, status: 'open' });
    const moved = evolve(set, aDeadlineMoved({ dueAt: '2020-07-21T12:00:00Z' }));
    expect(moved.deadlines.get('deadline-1')).toMatchObject({ dueAt: '2020-07-21T12:00:00Z', status: 'open' });
    expect(evolve(moved, aDeadlineMet()).deadlines.get('deadline-1')?.status).toBe('met');
    expect(evolve(moved, aDeadlineCancelled()).deadlines.get('deadline-1')?.status).toBe('cancelled');
  });

  it('tracks subscriptions without their addresses', () => {
    const added = given(aProcessOpened(), aSubscriptionAdded({ timezone: 'Europe/Zurich' }));
    expect(added.subscriptions.get('subscription-1')).toEqual({
      subscriptionId: 'subscription-1',
      channel: 'email',
      subjectId: 'subject-1',
      language: 'en',
      timezone: 'Europe/Zurich',
      active: true,
    });
    expect(evolve(added, aSubscriptionEnded()).subscriptions.get('subscription-1')?.active).toBe(false);
  });

  it('ignores event types of other features in the same stream', () => {
    const state = given(aProcessOpened());
    expect(evolve(state, { type: 'ReminderSent', data: { reminderId: 'r-1' } })).toBe(state);
  });

  it('ignores events about entities it never saw', () => {
    const state = given(aProcessOpened());
    for (const event of [aMilestoneCorrected(), aMilestoneRetracted(), aDeadlineMoved(), aDeadlineMet(), aSubscriptionEnded()]) {
      expect(evolve(state, event)).toBe(state);
    }
  });

  it('never changes a state it was given, so cached snapshots stay valid', () => {
    const base = given(aProcessOpened(), aMilestoneLogged(), aDeadlineSet());
    const before = JSON.stringify(base);
    const corrected = evolve(base, aMilestoneCorrected({ changes: { title: 'Branch A' } }));
    const retracted = evolve(base, aMilestoneRetracted());
    const moved = evolve(base, aDeadlineMoved());
    expect(JSON.stringify(base)).toBe(before);
    expect(corrected.milestones.get('milestone-1')).toMatchObject({ title: 'Branch A', retracted: false });
    expect(retracted.milestones.get('milestone-1')).toMatchObject({ title: 'Geneva consultations', retracted: true });
    expect(moved.milestones).toBe(base.milestones);
    expect(JSON.stringify(initialProcessState.milestones)).toBe('{}');
  });

  // Its speed is measured by `npm run bench -- commands` (the cold fold of 100,000 events), not here.
  it('folds a 100,000-event stream into the right state', () => {
    const events: ProcessEvent[] = [aProcessOpened()];
    for (let i = 0; events.length < 100_000; i++) {
      const milestoneId = `milestone-${i}`;
      events.push(
        aMilestoneLogged({ milestoneId }),
        aMilestoneCorrected({ milestoneId, changes: { title: `Title ${i}` } }),
        aDeadlineSet({ deadlineId: `deadline-${i}` }),
        aDeadlineMoved({ deadlineId: `deadline-${i}` }),
      );
    }
    const state = foldProcess(events);
    expect(state.milestones.size).toBe(25_000);
    expect(state.milestones.get('milestone-24999')?.title).toBe('Title 24999');
    expect(state.deadlines.size).toBe(25_000);
  });
});
