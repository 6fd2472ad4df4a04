import { Command } from '@nestjs/cqrs';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';

export class ReactivatePersonCommand extends Command<WriteResult> {
  constructor(
    readonly personId: string,
    readonly write: WriteContext,
  ) {
    super();
  }
}
