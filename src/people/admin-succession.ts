import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
import { EventStore } from '../event-store/event-store.js';
import { PersonError } from './domain/person.errors.js';
import type { PersonState } from './domain/person.state.js';
import { personIdOf } from './person-stream.js';
import { PersonRepository } from './person.repository.js';

const isActiveAdmin = (state: PersonState) => state.status === 'active' && state.role === 'admin';

/**
 * Keeps at least one active admin among people: a change that may take the admin role from someone
 * (lowering, deactivating) runs under one lock across instances, so two admins demoting each other
 * at once cannot both succeed.
 */
@Injectable()
export class AdminSuccession {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly people: PersonRepository,
  ) {}

  async keepingAnAdmin<T>(personId: string, change: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const [lockClass, lockObject] = ADVISORY_LOCKS.peopleAdmins;
    // A connection that could not unlock is dropped, never handed back still holding the lock.
    let broken: Error | undefined;
    try {
      await client.query('SELECT pg_advisory_lock($1, $2)', [lockClass, lockObject]);
      try {
        const { state } = await this.people.load(personId);
        if (isActiveAdmin(state) && !(await this.anotherActiveAdminThan(personId))) {
          throw new PersonError('last-admin', 'This person is the last active admin: make someone else admin first');
        }
        return await change();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [lockClass, lockObject]).catch((error: Error) => (broken = error));
      }
    } finally {
      client.release(broken);
    }
  }

  /** Read from the streams, not the read model: a lagging projection could count an admin who is gone. */
  private async anotherActiveAdminThan(personId: string): Promise<boolean> {
    const others = (await this.store.streamIdsStartingWith('person-')).map(personIdOf).filter((id): id is string => id !== undefined && id !== personId);
    for (const id of others) {
      if (isActiveAdmin((await this.people.load(id)).state)) return true;
    }
    return false;
  }
}
