import { randomUUID } from 'node:crypto';
import { EventStore } from '../../src/event-store/event-store.js';
import type { EventMetadata } from '../../src/event-store/event-store.types.js';
import { decidePerson, type PersonCommand } from '../../src/people/domain/person.decisions.js';
import { PERSON_EVENT_TYPES, type PersonEvent } from '../../src/people/domain/person.events.js';
import { evolvePerson, initialPersonState } from '../../src/people/domain/person.state.js';
import { personStreamId } from '../../src/people/person-stream.js';
import { decide, type ProcessCommand } from '../../src/processes/domain/process.decisions.js';
import { PROCESS_EVENT_TYPES, type ProcessEvent } from '../../src/processes/domain/process.events.js';
import { evolve, initialProcessState, type ProcessState } from '../../src/processes/domain/process.state.js';
import { processStreamId } from '../../src/processes/process-stream.js';
import { applyStored, type Projection } from '../../src/projections/projection.js';
import { rebuildProjection } from '../../src/projections/rebuild.js';
import { planReminders } from '../../src/reminders/ledger/reminder-plan.js';
import { serviceProjections } from '../support/service-projections.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const metadata: EventMetadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };
const SEALED = { keyId: 'subject-key', iv: 'aXY=', ciphertext: 'Y2lwaGVy', tag: 'dGFn' };

/** Every kind of event a process can hold, decided by the domain (the delivery outcomes as the processor records them). */
async function appendEveryKindOfEvent(store: EventStore): Promise<Set<string>> {
  const processId = randomUUID();
  const streamId = processStreamId(processId);
  let state: ProcessState = initialProcessState;
  let version = 0;
  const append = async (events: ProcessEvent[]) => {
    await store.appendToStream(streamId, events, { expectedVersion: version === 0 ? 'no-stream' : version }, metadata);
    version += events.length;
    state = events.reduce(evolve, state);
  };
  const run = (command: ProcessCommand) => append(decide(command, state));
  const subscription = (channel: 'email' | 'webhook'): ProcessCommand => ({
    type: 'AddSubscription',
    subscriptionId: randomUUID(),
    channel,
    encryptedAddress: SEALED,
    subjectId: randomUUID(),
    ...(channel === 'webhook' && { encryptedSecret: SEALED }),
    language: 'en',
  });
  const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
  const [kept, moved, cancelled] = [randomUUID(), randomUUID(), randomUUID()];
  const email = subscription('email');
  const webhook = subscription('webhook');

  await run({ type: 'OpenProcess', processId, title: 'Review of resolution 68/268', timezone: 'Europe/Zurich' });
  await run(email);
  await run(webhook);
  for (const [milestoneId, visibility] of [[first, 'public'], [second, 'internal'], [third, 'confidential']] as const) {
    await run({ type: 'LogMilestone', milestoneId, kind: 'consultation', title: 'Informal consultation', occurredOn: '2019-11-12', stakeholders: ['States'], buildingBlocks: [2], visibility });
  }
  await run({ type: 'CorrectMilestone', milestoneId: first, changes: { title: 'Informal consultation with States' }, reason: 'Title' });
  await run({ type: 'RetractMilestone', milestoneId: second, reason: 'Logged twice' });
  await run({ type: 'AssessBuildingBlock', assessmentId: randomUUID(), buildingBlock: 2, rating: 'partly-honoured', rationale: 'Open to NGOs, outcome unclear.', evidence: [first] });
  for (const deadlineId of [kept, moved, cancelled]) {
    await run({ type: 'SetDeadline', deadlineId, title: 'Call for input', kind: 'call-for-input', dueAt: '2031-03-15T17:00:00+01:00', timezone: 'Europe/Zurich', remindBefore: ['P7D', 'P1D'] });
  }
  await run({ type: 'MoveDeadline', deadlineId: moved, dueAt: '2031-03-29T17:00:00+02:00', reason: 'Extended' });
  await run({ type: 'CancelDeadline', deadlineId: cancelled, reason: 'Session postponed' });
  await run({ type: 'MarkDeadlineMet', deadlineId: kept });
  const deadline = state.deadlines.get(moved)!;
  const [sent, failed] = planReminders({ ...deadline, deadlineId: moved }, [email, webhook].map((s) => (s as { subscriptionId: string }).subscriptionId));
  const outcome = (reminder: typeof sent, channel: 'email' | 'webhook') => ({
    reminderId: reminder.id,
    deadlineId: moved,
    subscriptionId: reminder.subscriptionId,
    channel,
    offset: reminder.offset,
    dueAt: reminder.dueAt.toISOString(),
    attempts: 1,
  });
  await append([
    { type: 'ReminderSent', data: { ...outcome(sent, 'email'), late: false } },
    { type: 'ReminderFailed', data: { ...outcome(failed, 'email'), reason: 'mailbox full' } },
  ]);
  await run({ type: 'EndSubscription', subscriptionId: (webhook as { subscriptionId: string }).subscriptionId });
  await run({ type: 'RecordImport', importId: randomUUID(), fileName: 'calendar.csv', logged: 3, corrected: 1, deadlinesSet: 1, deadlinesChanged: 0, unchanged: 2, refused: 0 });
  return new Set((await store.readStream(streamId)).map((event) => event.type));
}

/** Every kind of event a person's stream can hold, decided by the domain. */
async function appendEveryKindOfPersonEvent(store: EventStore): Promise<Set<string>> {
  const personId = randomUUID();
  const tokenId = randomUUID();
  let state = initialPersonState;
  const recorded: PersonEvent[] = [];
  const commands: PersonCommand[] = [
    { type: 'InvitePerson', personId, subjectId: randomUUID(), email: SEALED, displayName: 'Ana Ruiz', language: 'es', role: 'editor', processRoles: [{ processId: randomUUID(), role: 'viewer' }] },
    { type: 'JoinTracker', via: 'email-link' },
    { type: 'ChangeProfile', language: 'fr' },
    { type: 'ChangeRole', role: 'admin' },
    { type: 'GrantProcessRole', processId: randomUUID(), role: 'editor' },
    { type: 'CreateApiToken', tokenId, name: 'sync', role: 'viewer' },
    { type: 'RevokeApiToken', tokenId },
    { type: 'DeactivatePerson', reason: 'left' },
    { type: 'ReactivatePerson' },
  ];
  for (const command of commands) {
    const events = decidePerson(command, state);
    await store.appendToStream(personStreamId(personId), events, { expectedVersion: recorded.length === 0 ? 'no-stream' : recorded.length }, metadata);
    recorded.push(...events);
    state = events.reduce(evolvePerson, state);
  }
  const [, , , , , granted] = recorded;
  const processId = (granted as Extract<PersonEvent, { type: 'ProcessRoleGranted' }>).data.processId;
  await store.appendToStream(personStreamId(personId), decidePerson({ type: 'WithdrawProcessRole', processId }, state), { expectedVersion: recorded.length }, metadata);
  return new Set((await store.readStream(personStreamId(personId))).map((event) => event.type));
}

/** The same projection reading the whole log, its event types chosen in memory rather than by the database. */
const readingEverything = (projection: Projection): Projection => ({ name: projection.name, tables: projection.tables, apply: (events, context) => applyStored(projection, events, context) });

describe('the event types each projection names', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('are read by the database as they are chosen in memory: each read model equals one built from the whole log', async () => {
    const store = new EventStore(db.pool);
    const types = await appendEveryKindOfEvent(store);
    expect([...types].sort()).toEqual([...PROCESS_EVENT_TYPES].sort());
    const personTypes = await appendEveryKindOfPersonEvent(store);
    expect([...personTypes].sort()).toEqual([...PERSON_EVENT_TYPES].sort());
    const logSize = (await store.logSize()).events;

    for (const projection of serviceProjections()) {
      await rebuildProjection(readingEverything(projection), db.pool, store);
      for (const table of projection.tables) await db.pool.query(`CREATE TABLE ${table}_everything AS SELECT * FROM ${table}`);
      const filtered = await rebuildProjection(projection, db.pool, store);
      // The events it went past, of its types or not: the whole log.
      expect({ projection: projection.name, covered: filtered.covered }).toEqual({ projection: projection.name, covered: logSize });
      for (const table of projection.tables) {
        const rows = Number((await db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
        const differences = await db.pool.query(
          `SELECT count(*) AS n FROM ((SELECT * FROM ${table} EXCEPT ALL SELECT * FROM ${table}_everything)
                                     UNION ALL (SELECT * FROM ${table}_everything EXCEPT ALL SELECT * FROM ${table})) d`,
        );
        expect({ table, rows: rows > 0, differences: Number(differences.rows[0].n) }).toEqual({ table, rows: true, differences: 0 });
      }
    }
  });
});
