import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { EventStore } from '../event-store/event-store.js';
import { LogIntegrity } from '../event-store/integrity/log-integrity.js';
import { AuditLog } from './audit-log.js';

const metadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'req-1' };

describe('AuditLog on PostgreSQL', () => {
  let db: TestDatabase;
  const statements: { text: string; values: unknown[] }[] = [];

  /** The pool as AuditLog's reads see it, recording every statement they send. */
  const recording = () =>
    new Proxy(db.pool, {
      get(target, property) {
        if (property !== 'query') return Reflect.get(target, property);
        return (text: string, values: unknown[]) => {
          statements.push({ text, values });
          return target.query(text, values);
        };
      },
    }) as Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = new EventStore(db.pool);
    for (let i = 1; i <= 30; i++) {
      await store.appendToStream(`process-${i % 3}`, [{ type: 'MilestoneLogged', data: { n: i } }], { expectedVersion: 'any' }, metadata);
    }
    await db.pool.query('ANALYZE events');
  });

  afterAll(async () => {
    await db.close();
  });

  // Sorting by the text of the transaction id would put 10000 before 9999 and sort the whole log for every page.
  it('reads pages and exports in transaction-id order through the index, without sorting', async () => {
    statements.length = 0;
    const log = new AuditLog(new EventStore(recording()), new LogIntegrity(db.pool));
    const page = await log.page({ type: 'MilestoneLogged' }, 10);
    const exported: number[] = [];
    for await (const entry of log.entries({})) exported.push(entry.position);
    expect(page.items).toHaveLength(10);
    expect(exported).toHaveLength(30);

    const reads = statements.filter((s) => s.text.includes('ORDER BY'));
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const client = await db.pool.connect();
    try {
      // The test table is tiny: make the planner show what it does on a large one.
      await client.query('SET enable_seqscan = off');
      for (const { text, values } of reads) {
        const plan = (await client.query(`EXPLAIN ${text}`, values)).rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan).toContain('events_delivery_order_idx');
        expect(plan).not.toMatch(/\bSort\b/);
      }
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });
});
