import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/config.js';
import { DatabaseTarget } from '../../config/config.module.js';
import type { Role } from '../roles.js';
import { ACCESS_CHANGED_CHANNEL, onAccessChangedHere } from './access-changes.js';

/** A live API token as the guard needs it. */
export interface TokenAccess {
  tokenId: string;
  name: string;
  role: Role;
  personId: string | null;
  lastUsedAt: number | null;
}

/** A live session as the guard needs it; its times in epoch milliseconds. */
export interface SessionAccess {
  idDigest: string;
  personId: string;
  lastSeenAt: number;
  expiresAt: number;
}

/** What a person's requests may do: their name, roles and whether they may sign in at all. */
export interface PersonAccess {
  personId: string;
  displayName: string;
  role: Role;
  processRoles: ReadonlyMap<string, Role>;
  active: boolean;
}

interface Kinds {
  token: TokenAccess;
  session: SessionAccess;
  person: PersonAccess;
}

const ENTRIES_PER_KIND = 10_000;
const RELISTEN_MS = 2_000;

/**
 * What this instance knows of tokens, sessions and people, so a known caller costs no database
 * round trip. Cleared on every instance by NOTIFY on `trt_access_changed`; on a server database
 * nothing is kept while this instance is not listening, since it would miss a revocation.
 */
@Injectable()
export class AccessCache implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AccessCache');
  private readonly entries: { [K in keyof Kinds]: Map<string, Kinds[K]> } = { token: new Map(), session: new Map(), person: new Map() };
  /** Raised by every clear: a lookup that began before a clear must not store what it read. */
  private generation = 0;
  private listening: boolean;
  private listener?: pg.Client;
  private stopped = false;
  private readonly stopLocal: () => void;

  constructor(
    private readonly config: AppConfig,
    private readonly target: DatabaseTarget,
  ) {
    // The embedded database serves one instance: clearing in this process is all there is to do.
    this.listening = target.embedded;
    this.stopLocal = onAccessChangedHere(() => this.clear());
  }

  onApplicationBootstrap(): void {
    if (this.config.runsHttp && !this.target.embedded) void this.listen();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopLocal();
    await this.listener?.end().catch(() => undefined);
  }

  /** The cached value, or what `load` reads (kept when nothing changed meanwhile). */
  async through<K extends keyof Kinds>(kind: K, key: string, load: () => Promise<Kinds[K] | undefined>): Promise<Kinds[K] | undefined> {
    const map = this.entries[kind];
    const cached = map.get(key);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && this.listening && generation === this.generation) this.put(kind, key, value);
    return value;
  }

  /** Replaces a cached value this instance changed itself (a session seen again); does nothing when it is gone. */
  update<K extends keyof Kinds>(kind: K, key: string, value: Kinds[K]): void {
    if (this.entries[kind].has(key)) this.entries[kind].set(key, value);
  }

  forget(kind: keyof Kinds, key: string): void {
    this.entries[kind].delete(key);
  }

  clear(): void {
    this.generation++;
    for (const map of Object.values(this.entries)) map.clear();
  }

  private put<K extends keyof Kinds>(kind: K, key: string, value: Kinds[K]): void {
    const map = this.entries[kind];
    map.set(key, value);
    if (map.size > ENTRIES_PER_KIND) map.delete(map.keys().next().value!);
  }

  /** LISTEN on its own connection; while it is down nothing is cached, and what was is dropped. */
  private async listen(): Promise<void> {
    while (!this.stopped) {
      const client = new pg.Client({ connectionString: this.target.url });
      try {
        await client.connect();
        client.on('notification', () => this.clear());
        const closed = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.on('end', () => resolve());
        });
        await client.query(`LISTEN ${ACCESS_CHANGED_CHANNEL}`);
        this.listener = client;
        this.clear();
        this.listening = true;
        await closed;
      } catch (error) {
        if (!this.stopped) this.logger.warn(`Not listening for access changes: ${(error as Error).message}`);
        await client.end().catch(() => undefined);
      }
      this.listening = false;
      this.clear();
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RELISTEN_MS));
    }
  }
}
