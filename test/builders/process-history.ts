import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../src/event-store/event-store.js';
import type { EventMetadata, NewEvent } from '../../src/event-store/event-store.types.js';
import { decide, type ProcessCommand } from '../../src/processes/domain/process.decisions.js';
import { evolve, initialProcessState, type ProcessState } from '../../src/processes/domain/process.state.js';
import { processStreamId } from '../../src/processes/process-stream.js';

const metadata: EventMetadata = { actor: { id: 'history-builder', name: 'test history', role: 'editor' }, correlationId: 'history' };
const KINDS = ['consultation', 'meeting', 'submission', 'report'] as const;
const VISIBILITIES = ['public', 'internal', 'confidential'] as const;
const GROUPS = ['States', 'TreatyBodies', 'CivilSociety', 'NHRIs', 'OHCHR', 'Academia', 'PGA'] as const;

/**
 * Appends a realistic history through the real domain (decide/evolve): processes with milestones,
 * corrections, retractions, assessments citing evidence, and deadlines that move, are met or cancelled.
 */
export async function appendHistory(
  store: EventStore,
  { processes = 3, milestonesPerProcess = 50, batch = 25 }: { processes?: number; milestonesPerProcess?: number; batch?: number } = {},
): Promise<{ processIds: string[]; events: number }> {
  const processIds: string[] = [];
  let total = 0;
  for (let p = 0; p < processes; p++) {
    const processId = randomUUID();
    processIds.push(processId);
    let state: ProcessState = initialProcessState;
    let version = 0;
    let pending: NewEvent[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      await store.appendToStream(processStreamId(processId), pending, { expectedVersion: version === 0 ? 'no-stream' : version }, metadata);
      version += pending.length;
      total += pending.length;
      pending = [];
    };
    const run = async (command: ProcessCommand) => {
      for (const event of decide(command, state)) {
        state = evolve(state, event);
        pending.push(event);
      }
      if (pending.length >= batch) await flush();
    };

    await run({ type: 'OpenProcess', processId, title: `Review ${p}`, timezone: 'Europe/Zurich' });
    const milestoneIds: string[] = [];
    for (let m = 0; m < milestonesPerProcess; m++) {
      const milestoneId = randomUUID();
      milestoneIds.push(milestoneId);
      const day = String((m % 28) + 1).padStart(2, '0');
      await run({
        type: 'LogMilestone',
        milestoneId,
        kind: KINDS[m % KINDS.length],
        title: `Milestone ${m} of review ${p}: consultation on treaty body strengthening`,
        occurredOn: `20${10 + (m % 12)}-${String((m % 12) + 1).padStart(2, '0')}-${day}`,
        stakeholders: [GROUPS[m % GROUPS.length], GROUPS[(m + 3) % GROUPS.length]],
        buildingBlocks: [((m % 7) + 1) as 1],
        visibility: VISIBILITIES[m % VISIBILITIES.length],
        ...(m % 5 === 0 && { translations: { fr: { title: `Étape ${m}` }, es: { title: `Hito ${m}` } } }),
      });
      if (m % 4 === 3) await run({ type: 'CorrectMilestone', milestoneId, changes: { title: `Milestone ${m} (corrected)` }, reason: 'Typo' });
      if (m % 10 === 9) await run({ type: 'RetractMilestone', milestoneId, reason: 'Duplicate' });
      if (m % 8 === 0) {
        await run({
          type: 'AssessBuildingBlock',
          assessmentId: randomUUID(),
          buildingBlock: ((m % 7) + 1) as 1,
          rating: 'partly-honoured',
          rationale: `Assessment ${m}`,
          evidence: milestoneIds.filter((id) => !state.milestones.get(id)?.retracted).slice(-2),
        });
      }
      if (m % 6 === 0) {
        const deadlineId = randomUUID();
        await run({
          type: 'SetDeadline',
          deadlineId,
          title: `Deadline ${m}`,
          kind: 'call-for-input',
          dueAt: `2031-0${(m % 9) + 1}-15T17:00:00+02:00`,
          timezone: 'Europe/Zurich',
          remindBefore: ['P7D', 'P1D'],
        });
        await run({ type: 'MoveDeadline', deadlineId, dueAt: `2031-0${(m % 9) + 1}-20T17:00:00+02:00`, reason: 'Extended' });
        if (m % 12 === 0) await run({ type: 'MarkDeadlineMet', deadlineId });
      }
    }
    await flush();
  }
  return { processIds, events: total };
}
