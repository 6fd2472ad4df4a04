import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { EventStore } from '../event-store/event-store.js';
import { decide } from './domain/process.decisions.js';
import { aMilestoneLogged, aProcessOpened } from './domain/testing/process-builders.js';
import { retryDelayMs } from '../event-store/aggregate-repository.js';
import { ProcessRepository } from './process.repository.js';
import { processStreamId } from './process-stream.js';
import type { WriteContext } from '../event-store/write-context.js';

const write: WriteContext = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };

describe('ProcessRepository', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('lets every one of many concurrent writers on one process succeed', async () => {
    const processId = randomUUID();
    const setup = new EventStore(db.pool);
    await setup.appendToStream(processStreamId(processId), [aProcessOpened({ processId })], { expectedVersion: 'no-stream' }, {
      actor: { id: 'token-1', name: 'ISHR team', role: 'editor' },
      correlationId: 'setup',
    });
    // Four instances (own store and cache each), eight concurrent requests in each, three rounds.
    const instances = Array.from({ length: 4 }, () => new ProcessRepository(new EventStore(db.pool)));
    const writers = instances.flatMap((repository) => Array.from({ length: 8 }, () => repository));
    const outcomes: PromiseSettledResult<unknown>[] = [];
    for (let round = 0; round < 3; round++) {
      outcomes.push(
        ...(await Promise.allSettled(
          writers.map((repository) =>
            repository.execute(
              processId,
              (state) => decide({ ...aMilestoneLogged().data, type: 'LogMilestone', milestoneId: randomUUID() }, state),
              write,
            ),
          ),
        )),
      );
    }

    const failures = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String((outcome as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const stream = await setup.readStream(processStreamId(processId));
    expect(stream).toHaveLength(1 + writers.length * 3);
  }, 60_000);

  it('waits a random share of a window that doubles per attempt, up to a cap', () => {
    expect(retryDelayMs(1, () => 1)).toBe(8);
    expect(retryDelayMs(3, () => 0.5)).toBe(16);
    expect(retryDelayMs(9, () => 1)).toBe(250);
    expect(retryDelayMs(9, () => 0)).toBe(0);
  });
});
