import { catchUpTo } from '../../../test/support/catch-up-to.js';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { EventStore } from '../../event-store/event-store.js';
import type { EventMetadata } from '../../event-store/event-store.types.js';
import { BuildingBlocksProjection } from './building-blocks.projection.js';

const metadata: EventMetadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };



describe('BuildingBlocksProjection', () => {
  let db: TestDatabase;
  let store: EventStore;
  const projection = new BuildingBlocksProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
  });

  afterAll(async () => {
    await db.close();
  });

  it('inserts every assessment with its evidence, author, time and position; other events change nothing', async () => {
    const processId = randomUUID();
    const [first, second, evidence] = [randomUUID(), randomUUID(), [randomUUID(), randomUUID()]];
    const { position } = await store.appendToStream(
      `process-${processId}`,
      [
        { type: 'ProcessOpened', data: { processId, title: 'Review', timezone: 'UTC' } },
        { type: 'BuildingBlockAssessed', data: { assessmentId: first, buildingBlock: 1, rating: 'at-risk', rationale: 'States only', evidence } },
        { type: 'BuildingBlockAssessed', data: { assessmentId: second, buildingBlock: 7, rating: 'honoured', rationale: 'Countered', evidence: [] } },
      ],
      { expectedVersion: 'no-stream' },
      metadata,
    );
    await catchUpTo(projection, db, store, position);
    const events = await store.readStream(`process-${processId}`);
    const rows = (await db.pool.query(`SELECT * FROM block_assessments WHERE process_id = $1 ORDER BY position`, [processId])).rows;
    expect(rows).toEqual([
      {
        process_id: processId,
        assessment_id: first,
        building_block: 1,
        rating: 'at-risk',
        rationale: 'States only',
        evidence,
        assessed_at: events[1].recordedAt,
        assessed_by: 'ISHR team',
        position: String(events[1].position),
      },
      expect.objectContaining({ assessment_id: second, building_block: 7, rating: 'honoured', evidence: [], position: String(events[2].position) }),
    ]);
  });
});
