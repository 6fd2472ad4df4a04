import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';
import type { LogMilestoneDto } from './log-milestone.dto.js';

export class LogMilestoneCommand extends Command<WriteResult & { milestoneId: string }> {
  constructor(
    readonly processId: string,
    readonly body: LogMilestoneDto,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
