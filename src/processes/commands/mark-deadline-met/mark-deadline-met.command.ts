import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';

export class MarkDeadlineMetCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly deadlineId: string,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
