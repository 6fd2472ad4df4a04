import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';
import type { SetDeadlineDto } from './set-deadline.dto.js';

export class SetDeadlineCommand extends Command<WriteResult & { deadlineId: string }> {
  constructor(
    readonly processId: string,
    readonly body: SetDeadlineDto,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
