import { Injectable } from '@nestjs/common';
import { AggregateRepository } from '../event-store/aggregate-repository.js';
import { EventStore } from '../event-store/event-store.js';
import type { PersonEvent } from './domain/person.events.js';
import { evolvePerson, initialPersonState, type PersonState } from './domain/person.state.js';
import { personStreamId } from './person-stream.js';

/** People as the write side loads and changes them; every request's sign-in reads through it, so many are kept. */
@Injectable()
export class PersonRepository extends AggregateRepository<PersonState, PersonEvent> {
  constructor(store: EventStore) {
    super(store, { streamId: personStreamId, initialState: initialPersonState, evolve: evolvePerson, cached: 5_000 });
  }
}
