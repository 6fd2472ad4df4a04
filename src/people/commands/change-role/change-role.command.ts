import { Command } from '@nestjs/cqrs';
import type { Role } from '../../../auth/roles.js';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';

/** A person's role on the whole tracker. */
export class ChangeRoleCommand extends Command<WriteResult> {
  constructor(
    readonly personId: string,
    readonly role: Role,
    readonly write: WriteContext,
  ) {
    super();
  }
}
