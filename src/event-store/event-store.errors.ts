import { ApplicationError } from '../errors/application-error.js';
import type { ExpectedVersion } from './event-store.types.js';

/** The stream moved on since the caller read it: decide again on the new state, or report 412. */
export class StreamVersionConflict extends ApplicationError {
  readonly code = 'stream-version-conflict';
  readonly kind = 'conflict';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number | 'no-stream',
  ) {
    super(
      `Stream ${streamId} is at version ${actualVersion}, the append expected ${expectedVersion}`,
    );
    this.name = 'StreamVersionConflict';
  }
}

/** Some, but not all, of the appended event ids exist already: a client reused ids. */
export class EventIdReused extends ApplicationError {
  readonly code = 'event-id-reused';
  readonly kind = 'conflict';

  constructor(readonly eventIds: string[]) {
    super(`Event ids already used by other appends: ${eventIds.join(', ')}`);
    this.name = 'EventIdReused';
  }
}
