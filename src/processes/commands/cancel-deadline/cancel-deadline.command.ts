import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';
import type { CancelDeadlineDto } from './cancel-deadline.dto.js';

export class CancelDeadlineCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly deadlineId: string,
    readonly body: CancelDeadlineDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
