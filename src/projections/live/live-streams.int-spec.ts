import { firstValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { ApiToken } from '../../auth/api-token.entity.js';
import { TokenService } from '../../auth/token.service.js';
import { loadConfig } from '../../config/config.js';
import { LiveStreams, TooManyLiveStreams } from './live-streams.service.js';

describe('live stream admission', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let tokens: TokenService;
  let streams: LiveStreams;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: db.url, entities: [ApiToken] });
    await dataSource.initialize();
    tokens = new TokenService(dataSource.getRepository(ApiToken));
    streams = new LiveStreams(tokens, loadConfig({ LIVE_STREAMS_PER_CLIENT: '1' }));
  });

  afterAll(async () => {
    streams.beforeApplicationShutdown();
    await dataSource.destroy();
    await db.close();
  });

  const principalOf = async (name: string) => {
    const { id } = await tokens.create(name, 'auditor');
    return { tokenId: id, name, role: 'auditor' as const, credential: 'token' as const };
  };

  it('gives a client its place back when it left before or while the stream was admitted', async () => {
    const left = new AbortController();
    left.abort();
    await streams.admit('198.51.100.1', undefined, left.signal);
    const leaving = new AbortController();
    const admitted = streams.admit('198.51.100.1', await principalOf('leaves early'), leaving.signal);
    leaving.abort();
    await expect(firstValueFrom((await admitted).ended)).resolves.toBeDefined();

    const next = new AbortController();
    await expect(streams.admit('198.51.100.1', undefined, next.signal)).resolves.toBeDefined();
    await expect(streams.admit('198.51.100.1', undefined, new AbortController().signal)).rejects.toBeInstanceOf(TooManyLiveStreams);
    next.abort();
  });

  it('ends at once, clearing nothing, a stream whose token was revoked before it opened', async () => {
    const principal = await principalOf('revoked before the stream');
    await tokens.revoke(principal.tokenId);
    const closed = new AbortController();
    const ticket = await streams.admit('198.51.100.2', principal, closed.signal);
    await expect(firstValueFrom(ticket.ended)).resolves.toBeDefined();
    closed.abort();
  });

  it('raises the clearance of a live token past the events committed before each reading', async () => {
    const closed = new AbortController();
    const ticket = await streams.admit('198.51.100.3', await principalOf('stays live'), closed.signal);
    const first = await firstValueFrom(ticket.clearance!);
    const { rows } = await db.pool.query<{ id: string }>(`SELECT pg_current_xact_id()::text AS id`);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const later = await firstValueFrom(ticket.clearance!);
    expect(later).toBeGreaterThan(BigInt(rows[0].id));
    expect(later).toBeGreaterThan(first);
    closed.abort();
  });
});
