import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { EventStore } from '../event-store/event-store.js';
import type { NewEvent } from '../event-store/event-store.types.js';
import { foldProcess } from '../processes/domain/process.state.js';
import { aMilestoneCorrected, aMilestoneLogged, aMilestoneRetracted, aProcessOpened } from '../processes/domain/testing/process-builders.js';
import { VISIBILITIES } from '../processes/domain/process.vocabulary.js';
import { processStreamId } from '../processes/process-stream.js';
import { RecordedHistory, SNAPSHOT_EVERY } from './recorded-history.js';

const metadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' as const }, correlationId: 'request-1' };

describe('the recorded history of a process (asOf)', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
  });

  afterAll(async () => {
    await db.close();
  });

  /** A few events per append, each append a millisecond or more after the last: many distinct instants. */
  async function appendMixedHistory(processId: string, appends: number, seed: number, fromVersion = 0): Promise<number> {
    const milestoneIds: string[] = [];
    let version = fromVersion;
    let random = seed;
    const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let a = 0; a < appends; a++) {
      const events: NewEvent[] = version === 0 ? [aProcessOpened({ processId })] : [];
      for (let i = 0; i < 4; i++) {
        const pick = next();
        const known = milestoneIds[Math.floor(next() * milestoneIds.length)];
        const visibility = VISIBILITIES[Math.floor(next() * 3)];
        if (pick < 0.4 || known === undefined) {
          const milestoneId = randomUUID();
          milestoneIds.push(milestoneId);
          events.push(aMilestoneLogged({ milestoneId, title: `milestone ${a}.${i}`, visibility }));
        } else if (pick < 0.9) {
          events.push(aMilestoneCorrected({ milestoneId: known, changes: { title: `corrected ${a}.${i}`, visibility } }));
        } else {
          events.push(aMilestoneRetracted({ milestoneId: known }));
        }
      }
      const appended = await store.appendToStream(processStreamId(processId), events, { expectedVersion: version || 'no-stream' }, metadata);
      version = appended.streamVersion;
      await sleep(1);
    }
    return version;
  }

  it('answers every instant as a fold of what was recorded before it, across snapshots and as the stream grows', async () => {
    const processId = randomUUID();
    const history = new RecordedHistory(store);
    const half = await appendMixedHistory(processId, 40, 7);
    expect(half).toBeGreaterThan(SNAPSHOT_EVERY);
    // Folded once here, then extended by what follows.
    expect((await history.of(processId)).version).toBe(half);
    const full = await appendMixedHistory(processId, 40, 11, half);
    expect(full).toBeGreaterThan(2 * SNAPSHOT_EVERY);

    const events = await store.readStream(processStreamId(processId));
    const instants = [...new Set(events.map((event) => event.recordedAt.getTime()))];
    for (const instant of [instants[0] - 1, ...instants, instants.at(-1)! + 1]) {
      const before = new Date(instant + 1);
      const expected = foldProcess(await store.readStream(processStreamId(processId), { recordedBefore: before }));
      const { then, now } = await history.at(processId, before);
      expect(then.process.milestones.toJSON()).toEqual(expected.milestones.toJSON());
      for (const milestoneId of then.process.milestones.keys()) expect(then.facts.get(milestoneId)).toBeDefined();
      expect(now.process.milestones.size).toBe(foldProcess(events).milestones.size);
    }

    const after = await history.of(processId);
    expect(after.version).toBe(full);
    for (const event of events) {
      const { milestoneId } = event.data as { milestoneId?: string };
      const folded = foldProcess(events.filter((e) => e.version <= event.version));
      expect(after.visibilityAfter(event.version)).toBe(milestoneId === undefined ? undefined : folded.milestones.get(milestoneId)?.visibility);
    }
  });
});
