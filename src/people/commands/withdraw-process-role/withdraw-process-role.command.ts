import { Command } from '@nestjs/cqrs';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';

/** The person's tracker-wide role applies to this process again. */
export class WithdrawProcessRoleCommand extends Command<WriteResult> {
  constructor(
    readonly personId: string,
    readonly processId: string,
    readonly write: WriteContext,
  ) {
    super();
  }
}
