import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';
import type { CancelDeadlineDto } from './cancel-deadline.dto.js';

export class CancelDeadlineCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly deadlineId: string,
    readonly body: CancelDeadlineDto,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
