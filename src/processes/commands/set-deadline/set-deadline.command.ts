import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';
import type { SetDeadlineDto } from './set-deadline.dto.js';

export class SetDeadlineCommand extends Command<WriteResult & { deadlineId: string }> {
  constructor(
    readonly processId: string,
    readonly body: SetDeadlineDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
