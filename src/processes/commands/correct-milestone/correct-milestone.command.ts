import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';
import type { CorrectMilestoneDto } from './correct-milestone.dto.js';

export class CorrectMilestoneCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly milestoneId: string,
    readonly body: CorrectMilestoneDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
