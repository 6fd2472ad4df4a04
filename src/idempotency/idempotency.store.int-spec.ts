import { randomUUID } from 'node:crypto';
import { createEmbeddedTestDatabase, createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { loadConfig } from '../config/config.js';
import { EventStore } from '../event-store/event-store.js';
import { decide } from '../processes/domain/process.decisions.js';
import { aMilestoneLogged } from '../processes/domain/testing/process-builders.js';
import { ProcessRepository } from '../processes/process.repository.js';
import { processStreamId } from '../processes/process-stream.js';
import type { WriteContext } from '../event-store/write-context.js';
import { IdempotencyStore, type IdempotencyClaim } from './idempotency.store.js';

const actor = { id: 'token-1', name: 'ISHR team', role: 'editor' };
const reply = { status: 201, headers: { etag: '"1"' }, body: { version: 1, position: 1 } };

describe.each([
  ['PostgreSQL', createTestDatabase],
  ['the embedded database', createEmbeddedTestDatabase],
])('idempotency records on %s', (_, createDatabase) => {
  let db: TestDatabase;
  let store: IdempotencyStore;

  beforeAll(async () => {
    db = await createDatabase();
    store = new IdempotencyStore(db.pool, loadConfig({}));
  });

  afterAll(async () => {
    await db.close();
  });

  async function claimed(key: string, requestHash = 'hash-1'): Promise<IdempotencyClaim> {
    const outcome = await store.claim(actor.id, key, requestHash);
    if (outcome.outcome !== 'claimed') throw new Error(`expected a claim, got ${outcome.outcome}`);
    return outcome.claim;
  }

  async function recorded(claim: IdempotencyClaim): Promise<boolean> {
    const client = await db.pool.connect();
    try {
      return await store.record(client, claim, reply);
    } finally {
      client.release();
    }
  }

  const expire = (key: string) => db.pool.query(`UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE idempotency_key = $1`, [key]);

  it('makes a twin wait while the claim is live', async () => {
    await claimed('live-claim');
    expect(await store.claim(actor.id, 'live-claim', 'hash-1')).toEqual({ outcome: 'in-progress' });
  });

  it('lets a claim whose request died be taken over once its lease ran out, and fences the old holder off', async () => {
    const dead = await claimed('died-holding-it');
    await expire('died-holding-it');
    const takeover = await claimed('died-holding-it');
    expect(takeover.token).not.toBe(dead.token);
    // Were the first request still alive, its reply could no longer be recorded: its write rolls back.
    expect(await recorded(dead)).toBe(false);
    expect(await recorded(takeover)).toBe(true);
    expect(await store.claim(actor.id, 'died-holding-it', 'hash-1')).toEqual({ outcome: 'replay', response: reply });
  });

  it('purges replies past their retention, and the key may be used again, with another body too', async () => {
    await recorded(await claimed('kept-a-day'));
    await recorded(await claimed('expired'));
    await expire('expired');
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    const { rows } = await db.pool.query<{ idempotency_key: string }>(`SELECT idempotency_key FROM idempotency_records WHERE idempotency_key IN ('kept-a-day', 'expired')`);
    expect(rows.map((row) => row.idempotency_key)).toEqual(['kept-a-day']);
    expect((await store.claim(actor.id, 'expired', 'another-body')).outcome).toBe('claimed');
  });

  it('keeps a recorded reply for the configured retention', async () => {
    await recorded(await claimed('retention'));
    const { rows } = await db.pool.query<{ hours: number }>(
      `SELECT round(extract(epoch FROM expires_at - completed_at) / 3600) AS hours FROM idempotency_records WHERE idempotency_key = 'retention'`,
    );
    expect(Number(rows[0].hours)).toBe(24);
  });

  describe('a write under a claimed key', () => {
    const events = async (processId: string) => (await new EventStore(db.pool).readStream(processStreamId(processId))).length;
    const logMilestone = (state: Parameters<typeof decide>[1]) =>
      decide({ ...aMilestoneLogged().data, type: 'LogMilestone', milestoneId: randomUUID() }, state);

    async function openedProcess(): Promise<string> {
      const processId = randomUUID();
      await new ProcessRepository(new EventStore(db.pool)).execute(processId, (state) => decide({ type: 'OpenProcess', processId, title: 'Review of Chile' }, state), {
        actor,
        correlationId: 'setup',
      });
      return processId;
    }

    it('commits its events and its reply together', async () => {
      const processId = await openedProcess();
      const claim = await claimed(`commits-${processId}`);
      const write: WriteContext = { actor, correlationId: 'request-1', recordReply: async (client, body) => void (await store.record(client, claim, { ...reply, body })) };
      const result = await new ProcessRepository(new EventStore(db.pool)).execute(processId, logMilestone, write, { milestoneId: 'm-1' });
      const replayed = await store.claim(actor.id, claim.key, 'hash-1');
      expect(replayed).toEqual({ outcome: 'replay', response: { ...reply, body: result } });
      expect(result).toMatchObject({ version: 2, milestoneId: 'm-1' });
    });

    it('writes nothing when its reply cannot be recorded, so a retry cannot write twice', async () => {
      const processId = await openedProcess();
      const write: WriteContext = {
        actor,
        correlationId: 'request-1',
        recordReply: () => Promise.reject(new Error('the connection died before the reply was recorded')),
      };
      await expect(new ProcessRepository(new EventStore(db.pool)).execute(processId, logMilestone, write)).rejects.toThrow('connection died');
      expect(await events(processId)).toBe(1);
      // The connection went back to the pool outside any transaction.
      expect((await db.pool.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`)).rows[0].n).toBe('0');
    });
  });
});
