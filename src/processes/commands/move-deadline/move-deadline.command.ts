import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';
import type { MoveDeadlineDto } from './move-deadline.dto.js';

export class MoveDeadlineCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly deadlineId: string,
    readonly body: MoveDeadlineDto,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
