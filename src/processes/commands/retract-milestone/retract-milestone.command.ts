import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';
import type { RetractMilestoneDto } from './retract-milestone.dto.js';

export class RetractMilestoneCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly milestoneId: string,
    readonly body: RetractMilestoneDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
