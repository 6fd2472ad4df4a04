import { Global, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { eventually } from '../../test/support/eventually.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { loadConfig } from '../config/config.js';
import { ConfigModule } from '../config/config.module.js';
import { EventStore } from '../event-store/event-store.js';
import type { EventMetadata, RecordedEvent } from '../event-store/event-store.types.js';
import type { Projection, ProjectionContext } from './projection.js';
import { ProjectionRegistry } from './projection-registry.js';
import { ProjectionsModule } from './projections.module.js';
import { rebuildProjection } from './rebuild.js';

const metadata: EventMetadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'request-1' };

type Counted = RecordedEvent<'Counted', { count: number }>;

/** A projection no file of the runner names: it keeps the counts it was given. */
@Injectable()
class CountsProjection implements Projection<Counted> {
  readonly name = `counts-${randomUUID()}`;
  readonly tables = [] as const;
  readonly eventTypes = ['Counted'] as const;
  readonly applied: Counted[] = [];

  async apply(events: Counted[], _context: ProjectionContext): Promise<void> {
    this.applied.push(...events);
  }
}

/** A feature module as the service's are: it registers its projection itself. */
@Module({ providers: [CountsProjection] })
class CountsModule implements OnModuleInit {
  constructor(
    private readonly projections: ProjectionRegistry,
    private readonly projection: CountsProjection,
  ) {}

  onModuleInit(): void {
    this.projections.register(this.projection);
  }
}

describe('a projection registered by its module', () => {
  let db: TestDatabase;
  let store: EventStore;
  let app: TestingModule;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);

    @Global()
    @Module({ providers: [{ provide: Pool, useValue: db.pool }, { provide: EventStore, useValue: store }], exports: [Pool, EventStore] })
    class TestDatabaseModule {}

    const config = loadConfig({ DATABASE_URL: db.url, ROLE: 'worker' });
    app = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config, db.url), TestDatabaseModule, ProjectionsModule, CountsModule] }).compile();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db.close();
  });

  it('is run by the runner, given only the events of its types', async () => {
    const projection = app.get(CountsProjection);
    const streamId = `counter-${randomUUID()}`;
    const appended = await store.appendToStream(
      streamId,
      [
        { type: 'Counted', data: { count: 1 } },
        { type: 'Reset', data: {} },
        { type: 'Counted', data: { count: 2 } },
      ],
      { expectedVersion: 'no-stream' },
      metadata,
    );

    expect(await eventually(() => projection.applied.some((event) => event.position === appended.position), 20_000, 20)).toBe(true);
    expect(projection.applied.map((event) => [event.type, event.data.count])).toEqual([
      ['Counted', 1],
      ['Counted', 2],
    ]);
  }, 30_000);

  it('is listed for the rebuild command, and rebuilt from its types alone', async () => {
    const registered = app.get(ProjectionRegistry).all();
    const projection = app.get(CountsProjection);
    expect(registered).toContain(projection);

    const before = projection.applied.length;
    const { covered } = await rebuildProjection(projection, db.pool, store);
    expect(covered).toBeGreaterThanOrEqual(3);
    expect(projection.applied.slice(before).map((event) => event.type)).toEqual(['Counted', 'Counted']);
  }, 30_000);

  it('refuses a second projection of the same name, which would share its checkpoint', () => {
    const registry = new ProjectionRegistry();
    const projection = new CountsProjection();
    registry.register(projection);
    expect(() => registry.register({ name: projection.name, tables: [], apply: async () => undefined })).toThrow(`Two projections are named ${projection.name}`);
  });
});
