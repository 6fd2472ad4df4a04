import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { ApiToken } from '../auth/api-token.entity.js';
import type { Role } from '../auth/roles.js';
import { TokenService } from '../auth/token.service.js';
import { loadConfig } from '../config/config.js';
import { EventStore } from '../event-store/event-store.js';
import type { WriteContext } from '../event-store/write-context.js';
import { KeyEncryptionKey } from '../privacy/key-encryption-key.js';
import { PersonalDataVault } from '../privacy/personal-data-vault.js';
import { EmailOutbox } from '../channels/email/email-outbox.js';
import { EmailChannel } from '../channels/email/email.channel.js';
import { AdminSuccession } from './admin-succession.js';
import { ChangeRoleCommand } from './commands/change-role/change-role.command.js';
import { ChangeRoleHandler } from './commands/change-role/change-role.handler.js';
import { CreateApiTokenCommand } from './commands/create-api-token/create-api-token.command.js';
import { CreateApiTokenHandler } from './commands/create-api-token/create-api-token.handler.js';
import { DeactivatePersonCommand } from './commands/deactivate-person/deactivate-person.command.js';
import { DeactivatePersonHandler } from './commands/deactivate-person/deactivate-person.handler.js';
import { InvitePersonCommand } from './commands/invite-person/invite-person.command.js';
import { InvitePersonHandler } from './commands/invite-person/invite-person.handler.js';
import { JoinTrackerCommand } from './commands/join-tracker/join-tracker.command.js';
import { JoinTrackerHandler } from './commands/join-tracker/join-tracker.handler.js';
import { RevokeApiTokenCommand } from './commands/revoke-api-token/revoke-api-token.command.js';
import { RevokeApiTokenHandler } from './commands/revoke-api-token/revoke-api-token.handler.js';
import { LinkMail } from './sign-in/link-mail.js';
import { personStreamId } from './person-stream.js';
import { PersonRepository } from './person.repository.js';
import { SignInLinks } from './sign-in-links.js';

const write = (): WriteContext => ({ actor: { id: 'admin-token', name: 'ISHR admin', role: 'admin' }, correlationId: randomUUID() });

describe('people commands', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let dataDir: string;
  let store: EventStore;
  let tokens: TokenService;
  let invite: InvitePersonHandler;
  let joinTracker: JoinTrackerHandler;
  let changeRole: ChangeRoleHandler;
  let deactivate: DeactivatePersonHandler;
  let createToken: CreateApiTokenHandler;
  let revokeToken: RevokeApiTokenHandler;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: db.url, entities: [ApiToken] }).initialize();
    dataDir = await mkdtemp(join(tmpdir(), 'people-commands-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    store = new EventStore(db.pool);
    const people = new PersonRepository(store);
    const vault = new PersonalDataVault(db.pool, new KeyEncryptionKey(randomBytes(32)));
    const links = new SignInLinks(db.pool);
    tokens = new TokenService(dataSource.getRepository(ApiToken));
    const admins = new AdminSuccession(db.pool, store, people);
    invite = new InvitePersonHandler(people, vault, new LinkMail(links, new EmailChannel(config, new EmailOutbox(config)), config));
    joinTracker = new JoinTrackerHandler(people);
    changeRole = new ChangeRoleHandler(people, admins);
    deactivate = new DeactivatePersonHandler(people, admins, tokens, links);
    createToken = new CreateApiTokenHandler(people, tokens);
    revokeToken = new RevokeApiTokenHandler(people, tokens);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function aPerson(role: Role, { joined = true } = {}): Promise<string> {
    const email = `${randomUUID()}@example.org`;
    const { personId } = await invite.execute(new InvitePersonCommand({ email, displayName: 'Someone', language: 'en', role }, write()));
    if (joined) await joinTracker.execute(new JoinTrackerCommand(personId, 'email-link', write()));
    return personId;
  }

  const types = async (personId: string) => (await store.readStream(personStreamId(personId))).map((event) => event.type);

  it('invites once per address, and asks the vault nothing for a bad address', async () => {
    const body = { email: 'Ana.Ruiz@example.org', displayName: 'Ana Ruiz', language: 'es', role: 'editor' } as const;
    const first = await invite.execute(new InvitePersonCommand(body, write()));
    expect(first).toMatchObject({ version: 1, invitationSent: true });
    expect((await readdir(join(dataDir, 'outbox'))).filter((name) => name.startsWith('invitation-'))).not.toHaveLength(0);
    await expect(invite.execute(new InvitePersonCommand({ ...body, email: ' ana.ruiz@EXAMPLE.org' }, write()))).rejects.toMatchObject({ code: 'person-already-invited' });
    const keys = Number((await db.pool.query(`SELECT count(*) AS n FROM subject_keys`)).rows[0].n);
    await expect(invite.execute(new InvitePersonCommand({ ...body, email: 'ana.ruiz' }, write()))).rejects.toMatchObject({ code: 'invalid-email-address', field: 'email' });
    expect(Number((await db.pool.query(`SELECT count(*) AS n FROM subject_keys`)).rows[0].n)).toBe(keys);
  });

  it('answers a change that changes nothing with the current version, appends nothing, and still records the reply', async () => {
    const personId = await aPerson('editor');
    const recorded: unknown[] = [];
    const before = await store.streamVersion(personStreamId(personId));
    const result = await changeRole.execute(new ChangeRoleCommand(personId, 'editor', { ...write(), recordReply: async (_, reply) => void recorded.push(reply) }));
    expect(result.version).toBe(before);
    expect(recorded).toEqual([result]);
    expect(await store.streamVersion(personStreamId(personId))).toBe(before);
  });

  it('never leaves the tracker without an active admin, even when admins demote each other at once', async () => {
    // No other test makes an admin; an invited admin who never joined does not count.
    const admins: string[] = [];
    for (let i = 0; i < 6; i++) admins.push(await aPerson('admin'));
    await aPerson('admin', { joined: false });
    const outcomes = await Promise.allSettled(
      admins.map((personId, index) =>
        index % 2 === 0 ? deactivate.execute(new DeactivatePersonCommand(personId, 'left', write())) : changeRole.execute(new ChangeRoleCommand(personId, 'viewer', write())),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { code: 'last-admin', kind: 'conflict' } });
    const kept = admins[outcomes.findIndex((outcome) => outcome.status === 'rejected')];
    await expect(deactivate.execute(new DeactivatePersonCommand(kept, undefined, write()))).rejects.toMatchObject({ code: 'last-admin' });
    await expect(changeRole.execute(new ChangeRoleCommand(kept, 'auditor', write()))).rejects.toMatchObject({ code: 'last-admin' });
    // An erasure is not refused.
    await deactivate.execute(new DeactivatePersonCommand(kept, 'erasure', write(), true));
    expect(await types(kept)).toContain('PersonDeactivated');
  });

  it('writes a token’s row in the transaction of its event: both or neither', async () => {
    const personId = await aPerson('editor');
    const failing: WriteContext = { ...write(), recordReply: () => Promise.reject(new Error('the reply could not be recorded')) };
    await expect(createToken.execute(new CreateApiTokenCommand(personId, { name: 'sync', role: 'viewer' }, 'editor', failing))).rejects.toThrow('the reply could not be recorded');
    expect(await types(personId)).not.toContain('ApiTokenCreated');
    expect(await tokens.listOwnedBy(personId)).toEqual([]);

    const made = await createToken.execute(new CreateApiTokenCommand(personId, { name: 'sync', role: 'viewer' }, 'editor', write()));
    expect(await tokens.authenticate(made.token!)).toMatchObject({ tokenId: made.tokenId, role: 'viewer', personId });
    await expect(revokeToken.execute(new RevokeApiTokenCommand(personId, made.tokenId, failing))).rejects.toThrow();
    expect(await tokens.authenticate(made.token!)).toBeDefined();
    await revokeToken.execute(new RevokeApiTokenCommand(personId, made.tokenId, write()));
    expect(await tokens.authenticate(made.token!)).toBeUndefined();
    expect(await types(personId)).toEqual(['PersonInvited', 'PersonJoined', 'ApiTokenCreated', 'ApiTokenRevoked']);
  });

  it('revokes every token of a deactivated person, with an event for each one it records', async () => {
    const personId = await aPerson('editor');
    const made = await createToken.execute(new CreateApiTokenCommand(personId, { name: 'sync', role: 'editor' }, 'admin', write()));
    await deactivate.execute(new DeactivatePersonCommand(personId, 'left the coalition', write()));
    expect(await tokens.authenticate(made.token!)).toBeUndefined();
    const events = await store.readStream(personStreamId(personId));
    expect(events.slice(-2).map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'PersonDeactivated', data: { personId, reason: 'left the coalition' } },
      { type: 'ApiTokenRevoked', data: { personId, tokenId: made.tokenId } },
    ]);
  });
});
