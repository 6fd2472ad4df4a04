import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { EventStore } from '../event-store/event-store.js';
import type { RecordedEvent } from '../event-store/event-store.types.js';
import { decide } from '../processes/domain/process.decisions.js';
import { ProcessRepository } from '../processes/process.repository.js';
import { processStreamId } from '../processes/process-stream.js';
import { DemoSeed, SEED_DEADLINES, SEED_PROCESS_ID, SEED_ACTOR } from './demo-seed.js';
import { milestoneFile, milestoneIdOf, milestoneInput, symbolInTitle } from './milestone-data.js';
import { uuidFromKey } from './seed-ids.js';

const UUID_V4_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const file = milestoneFile.milestones;
// Open, one per milestone, set and met per deadline, one per assessment.
const ALL_STEPS = 1 + file.length + 2 * SEED_DEADLINES.length + 4;

const ofType = (events: RecordedEvent[], type: string) => events.filter((e) => e.type === type);
const dataOf = <T>(event: RecordedEvent) => event.data as T;

describe('demo data', () => {
  it('ships the real milestones of 2009-2022 with their provenance', () => {
    expect(milestoneFile.about).toMatch(/public sources/);
    expect(file.length).toBeGreaterThanOrEqual(30);
    expect(file.some((m) => m.confirmed === false)).toBe(true);
    expect(file.every((m) => /^https?:\/\//.test(m.source))).toBe(true);
  });

  it('derives stable, distinct UUIDs from keys', () => {
    expect(uuidFromKey('68/268:process')).toBe(uuidFromKey('68/268:process'));
    expect(SEED_PROCESS_ID).toMatch(UUID_V4_SHAPE);
    const ids = file.map(milestoneIdOf);
    expect(new Set(ids).size).toBe(file.length);
    ids.forEach((id) => expect(id).toMatch(UUID_V4_SHAPE));
  });

  it('reads UN document symbols out of titles', () => {
    expect(symbolInTitle("Co-facilitators' report transmitted by the President of the General Assembly (A/75/601)")).toBe('A/75/601');
    expect(symbolInTitle('30th meeting of treaty body chairpersons, New York (HRI/MC/2018/1)')).toBe('HRI/MC/2018/1');
    expect(symbolInTitle('General Assembly adopts resolution 68/268; review due no later than 9 April 2020')).toBeUndefined();
    expect(symbolInTitle('TB-Net, an informal network of NGOs on the treaty bodies, created')).toBeUndefined();
  });
});

describe('npm run seed (DemoSeed) on PostgreSQL', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  const readProcess = (store: EventStore) => store.readStream(processStreamId(SEED_PROCESS_ID));

  it('loads the real milestones, the 2020 deadlines and the assessments, and a second run changes nothing', async () => {
    const store = new EventStore(db.pool);
    const repository = new ProcessRepository(store);
    const first = await new DemoSeed(repository).run();

    expect(first).toMatchObject({
      processId: SEED_PROCESS_ID,
      title: 'Review of General Assembly resolution 68/268',
      appended: ALL_STEPS,
      skipped: 0,
      milestones: file.length,
      deadlines: 2,
      assessments: 4,
      version: ALL_STEPS,
    });
    const events = await readProcess(store);
    expect(events).toHaveLength(ALL_STEPS);
    events.forEach((e) => expect(e.metadata.actor).toEqual(SEED_ACTOR));

    const [opened] = ofType(events, 'ProcessOpened');
    expect(opened.data).toMatchObject({
      processId: SEED_PROCESS_ID,
      title: 'Review of General Assembly resolution 68/268',
      reviewDueAt: '2020-04-09',
      timezone: 'America/New_York',
    });

    // Every milestone of the file, with its title, dates, confirmed flag and source.
    type Logged = {
      milestoneId: string;
      title: string;
      occurredOn: string;
      endsOn?: string;
      stakeholders: string[];
      confirmed?: boolean;
      source?: { url?: string; symbol?: string };
      visibility: string;
    };
    const logged = ofType(events, 'MilestoneLogged').map((e) => dataOf<Logged>(e));
    expect(logged).toHaveLength(file.length);
    expect(logged.map((m) => m.title).sort()).toEqual(file.map((m) => m.title).sort());
    for (const m of file) {
      const stored = logged.find((l) => l.milestoneId === milestoneIdOf(m))!;
      expect(stored).toMatchObject({ title: m.title, occurredOn: m.occurredOn, kind: m.kind, confirmed: m.confirmed, visibility: 'public' });
      expect(stored.endsOn).toBe(m.endsOn ?? undefined);
      expect(stored.source?.url).toBe(m.source);
      expect(stored.stakeholders).toEqual(m.stakeholders);
    }
    expect(logged.filter((m) => m.confirmed === false).length).toBe(file.filter((m) => !m.confirmed).length);
    expect(logged.map((m) => m.source?.symbol).filter(Boolean).sort()).toEqual(['A/66/860', 'A/71/118', 'A/75/601', 'HRI/MC/2018/1']);

    // The two deadlines of the 2020 review, both history.
    const { state } = await new ProcessRepository(new EventStore(db.pool)).load(SEED_PROCESS_ID);
    const deadlines = SEED_DEADLINES.map((d) => state.deadlines.get(d.deadlineId));
    expect(deadlines).toEqual([
      expect.objectContaining({ kind: 'review', dueAt: '2020-04-09T23:59:00-04:00', timezone: 'America/New_York', status: 'met' }),
      expect.objectContaining({ kind: 'call-for-input', dueAt: '2020-07-07T23:59:00-04:00', timezone: 'America/New_York', status: 'met' }),
    ]);
    expect(deadlines.every((d) => d?.remindBefore.join() === 'P30D,P7D,P1D')).toBe(true);

    // Assessments cite milestones that exist in this process.
    const assessed = ofType(events, 'BuildingBlockAssessed').map((e) => dataOf<{ buildingBlock: number; evidence: string[] }>(e));
    expect(assessed.map((a) => a.buildingBlock)).toEqual([1, 3, 4, 5]);
    for (const a of assessed) {
      expect(a.evidence.length).toBeGreaterThan(0);
      a.evidence.forEach((id) => expect(logged.some((m) => m.milestoneId === id)).toBe(true));
    }

    // Again, with the same repository (warm cache) and with a fresh one (no cache): nothing is written.
    const again = await new DemoSeed(repository).run();
    const cold = await new DemoSeed(new ProcessRepository(new EventStore(db.pool))).run();
    for (const run of [again, cold]) expect(run).toMatchObject({ appended: 0, skipped: ALL_STEPS, version: ALL_STEPS });
    expect(await readProcess(store)).toHaveLength(ALL_STEPS);
    const head = await db.pool.query<{ version: string }>('SELECT version FROM streams WHERE stream_id = $1', [processStreamId(SEED_PROCESS_ID)]);
    expect(Number(head.rows[0].version)).toBe(ALL_STEPS);
  });
});

describe('npm run seed on a partly seeded process', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('adds only what is missing and leaves what people changed alone', async () => {
    const repository = new ProcessRepository(new EventStore(db.pool));
    const write = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };
    const [first, second] = file;
    await repository.execute(SEED_PROCESS_ID, (s) => decide({ type: 'OpenProcess', processId: SEED_PROCESS_ID, title: 'Review of GA resolution 68/268' }, s), write);
    await repository.execute(SEED_PROCESS_ID, (s) => decide({ type: 'LogMilestone', milestoneId: milestoneIdOf(first), ...milestoneInput(first) }, s), write);
    await repository.execute(SEED_PROCESS_ID, (s) => decide({ type: 'LogMilestone', milestoneId: milestoneIdOf(second), ...milestoneInput(second) }, s), write);
    await repository.execute(SEED_PROCESS_ID, (s) => decide({ type: 'RetractMilestone', milestoneId: milestoneIdOf(second), reason: 'duplicate' }, s), write);

    const result = await new DemoSeed(repository).run();

    expect(result).toMatchObject({ appended: ALL_STEPS - 3, skipped: 3, version: 4 + ALL_STEPS - 3 });
    const { state } = await repository.load(SEED_PROCESS_ID);
    expect(state.title).toBe('Review of GA resolution 68/268');
    expect(state.milestones.get(milestoneIdOf(second))?.retracted).toBe(true);
    // Dublin I is evidence for block 5 in the seed; retracted, it is no longer cited.
    expect(state.assessments[5].last?.evidence).not.toContain(milestoneIdOf(second));
    expect(state.assessments[5].last?.evidence.length).toBeGreaterThan(0);
    expect((await new DemoSeed(repository).run()).appended).toBe(0);
  });
});
