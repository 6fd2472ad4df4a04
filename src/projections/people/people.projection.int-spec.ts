import { randomUUID } from 'node:crypto';
import { catchUpTo } from '../../../test/support/catch-up-to.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { EventStore } from '../../event-store/event-store.js';
import type { EventMetadata } from '../../event-store/event-store.types.js';
import { decidePerson, type InvitePerson, type PersonCommand } from '../../people/domain/person.decisions.js';
import { evolvePerson, initialPersonState, type PersonState } from '../../people/domain/person.state.js';
import { personStreamId } from '../../people/person-stream.js';
import { rebuildProjection } from '../rebuild.js';
import { PeopleProjection } from './people.projection.js';

const metadata: EventMetadata = { actor: { id: 'admin-token', name: 'ISHR admin', role: 'admin' }, correlationId: 'request-1' };
const EMAIL = { keyId: randomUUID(), iv: 'aXY=', ciphertext: 'Y2lwaGVy', tag: 'dGFn' };

describe('PeopleProjection', () => {
  let db: TestDatabase;
  let store: EventStore;
  const projection = new PeopleProjection();

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
  });

  afterAll(async () => {
    await db.close();
  });

  /** Appends the domain's decisions on one person, command by command, from where the stream stands; the last position. */
  async function decideAndAppend(personId: string, commands: PersonCommand[]): Promise<number> {
    const recorded = await store.readStream(personStreamId(personId));
    let state: PersonState = recorded.reduce(evolvePerson, initialPersonState);
    let version = recorded.length;
    let position = 0;
    for (const command of commands) {
      const events = decidePerson(command, state);
      ({ position } = await store.appendToStream(personStreamId(personId), events, { expectedVersion: version === 0 ? 'no-stream' : version }, metadata));
      version += events.length;
      state = events.reduce(evolvePerson, state);
    }
    return position;
  }

  const invite = (personId: string): InvitePerson => ({
    type: 'InvitePerson',
    personId,
    subjectId: EMAIL.keyId,
    email: EMAIL,
    displayName: 'Ana Ruiz',
    language: 'es',
    role: 'viewer',
  });

  const person = async (personId: string) => (await db.pool.query(`SELECT * FROM people WHERE person_id = $1`, [personId])).rows[0];
  const processRoles = async (personId: string) =>
    (await db.pool.query(`SELECT process_id, role FROM person_process_roles WHERE person_id = $1 ORDER BY process_id`, [personId])).rows;

  it('holds an invited person with the address encrypted, and the roles processes give them', async () => {
    const personId = randomUUID();
    const processId = randomUUID();
    const invited = await decideAndAppend(personId, [{ ...invite(personId), processRoles: [{ processId, role: 'editor' }] }]);
    await catchUpTo(projection, db, store, invited);
    expect(await person(personId)).toEqual({
      person_id: personId,
      subject_id: EMAIL.keyId,
      email: EMAIL,
      display_name: 'Ana Ruiz',
      language: 'es',
      status: 'invited',
      role: 'viewer',
      invited_at: expect.any(Date),
      joined_at: null,
      deactivated_at: null,
    });
    expect(await processRoles(personId)).toEqual([{ process_id: processId, role: 'editor' }]);
  });

  it('applies every change of a person, in order', async () => {
    const personId = randomUUID();
    const [kept, withdrawn] = [randomUUID(), randomUUID()];
    const position = await decideAndAppend(personId, [
      invite(personId),
      { type: 'JoinTracker', via: 'email-link' },
      { type: 'ChangeProfile', displayName: 'Ana Ruiz Pérez', language: 'fr' },
      { type: 'ChangeRole', role: 'editor' },
      { type: 'GrantProcessRole', processId: kept, role: 'viewer' },
      { type: 'GrantProcessRole', processId: kept, role: 'auditor' },
      { type: 'GrantProcessRole', processId: withdrawn, role: 'viewer' },
      { type: 'WithdrawProcessRole', processId: withdrawn },
      { type: 'CreateApiToken', tokenId: randomUUID(), name: 'sync', role: 'viewer' },
      { type: 'DeactivatePerson', reason: 'left' },
    ]);
    await catchUpTo(projection, db, store, position);
    expect(await person(personId)).toMatchObject({
      display_name: 'Ana Ruiz Pérez',
      language: 'fr',
      status: 'deactivated',
      role: 'editor',
      joined_at: expect.any(Date),
      deactivated_at: expect.any(Date),
    });
    expect(await processRoles(personId)).toEqual([{ process_id: kept, role: 'auditor' }]);

    const back = await decideAndAppend(personId, [{ type: 'ReactivatePerson' }]);
    await catchUpTo(projection, db, store, back);
    expect(await person(personId)).toMatchObject({ status: 'active', deactivated_at: null });
  });

  it('is rebuilt from the log into the same rows', async () => {
    await db.pool.query(`CREATE TABLE people_live AS SELECT * FROM people`);
    await db.pool.query(`CREATE TABLE person_process_roles_live AS SELECT * FROM person_process_roles`);
    await rebuildProjection(projection, db.pool, store);
    for (const table of ['people', 'person_process_roles']) {
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM ((SELECT * FROM ${table} EXCEPT ALL SELECT * FROM ${table}_live) UNION ALL (SELECT * FROM ${table}_live EXCEPT ALL SELECT * FROM ${table})) d`,
      );
      expect({ table, differences: rows[0].n }).toEqual({ table, differences: 0 });
    }
    expect(Number((await db.pool.query(`SELECT count(*) AS n FROM people`)).rows[0].n)).toBeGreaterThan(1);
  });
});
