import { Injectable } from '@nestjs/common';
import { notifyAccessChanged } from '../auth/access/access-changes.js';
import { AggregateRepository } from '../event-store/aggregate-repository.js';
import { EventStore } from '../event-store/event-store.js';
import { alsoCommitting, type WriteContext, type WriteResult } from '../event-store/write-context.js';
import type { PersonEvent } from './domain/person.events.js';
import { evolvePerson, initialPersonState, type PersonState } from './domain/person.state.js';
import { personStreamId } from './person-stream.js';

/** People as the write side loads and changes them; every request's sign-in reads through it, so many are kept. */
@Injectable()
export class PersonRepository extends AggregateRepository<PersonState, PersonEvent> {
  constructor(store: EventStore) {
    super(store, { streamId: personStreamId, initialState: initialPersonState, evolve: evolvePerson, cached: 5_000 });
  }

  /** Any change to a person may change what their sessions and tokens may do: every instance forgets what it cached, at the commit. */
  override execute<Answer extends object = object>(
    personId: string,
    decide: (state: PersonState) => PersonEvent[],
    write: WriteContext,
    answer?: Answer,
  ): Promise<WriteResult & Answer> {
    return super.execute(personId, decide, alsoCommitting(write, notifyAccessChanged), answer);
  }
}
