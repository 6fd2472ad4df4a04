import { Command } from '@nestjs/cqrs';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';
import type { JoinedVia } from '../../domain/person.events.js';

/** A person's first sign-in (an invitation's link, their provider, the first start); a later one records nothing. */
export class JoinTrackerCommand extends Command<WriteResult> {
  constructor(
    readonly personId: string,
    readonly via: JoinedVia,
    readonly write: WriteContext,
  ) {
    super();
  }
}
