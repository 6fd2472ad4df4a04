import { Injectable } from '@nestjs/common';
import { AggregateRepository } from '../event-store/aggregate-repository.js';
import { EventStore } from '../event-store/event-store.js';
import type { ProcessEvent } from './domain/process.events.js';
import { evolve, initialProcessState, type ProcessState } from './domain/process.state.js';
import { processStreamId } from './process-stream.js';

/** Processes as the write side loads and changes them: folded by stream version, 500 kept in memory. */
@Injectable()
export class ProcessRepository extends AggregateRepository<ProcessState, ProcessEvent> {
  constructor(store: EventStore) {
    super(store, { streamId: processStreamId, initialState: initialProcessState, evolve, cached: 500 });
  }
}
