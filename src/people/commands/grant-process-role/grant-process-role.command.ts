import { Command } from '@nestjs/cqrs';
import type { Role } from '../../../auth/roles.js';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';

/** A role on one process, in place of the person's tracker-wide one there. */
export class GrantProcessRoleCommand extends Command<WriteResult> {
  constructor(
    readonly personId: string,
    readonly processId: string,
    readonly role: Role,
    readonly write: WriteContext,
  ) {
    super();
  }
}
