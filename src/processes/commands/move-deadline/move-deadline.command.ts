import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';
import type { MoveDeadlineDto } from './move-deadline.dto.js';

export class MoveDeadlineCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly deadlineId: string,
    readonly body: MoveDeadlineDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
