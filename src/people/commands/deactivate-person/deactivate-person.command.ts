import { Command } from '@nestjs/cqrs';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';

/** Ends a person's access: their tokens are revoked and their sign-in links forgotten. */
export class DeactivatePersonCommand extends Command<WriteResult> {
  constructor(
    readonly personId: string,
    readonly reason: string | undefined,
    readonly write: WriteContext,
    /** An erasure is not refused for the last admin: forgetting someone is owed to them. */
    readonly forErasure = false,
  ) {
    super();
  }
}
