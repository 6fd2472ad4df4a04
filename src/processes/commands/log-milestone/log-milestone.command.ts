import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';
import type { LogMilestoneDto } from './log-milestone.dto.js';

export class LogMilestoneCommand extends Command<WriteResult & { milestoneId: string }> {
  constructor(
    readonly processId: string,
    readonly body: LogMilestoneDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
