import { Injectable } from '@nestjs/common';
import type { PersonAccess } from '../auth/access/access-cache.js';
import { PersonAccessSource } from '../auth/access/person-access.source.js';
import { PersonRepository } from './person.repository.js';

/** A person's roles and state as the guard needs them, folded from their stream. */
@Injectable()
export class PersonStreamAccess extends PersonAccessSource {
  constructor(private readonly people: PersonRepository) {
    super();
  }

  async accessOf(personId: string): Promise<PersonAccess | undefined> {
    const { state } = await this.people.load(personId);
    if (state.personId === undefined) return undefined;
    return {
      personId: state.personId,
      displayName: state.displayName,
      role: state.role,
      processRoles: state.processRoles,
      active: state.status !== 'deactivated',
    };
  }
}
