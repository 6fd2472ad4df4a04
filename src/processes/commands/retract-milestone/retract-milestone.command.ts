import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';
import type { RetractMilestoneDto } from './retract-milestone.dto.js';

export class RetractMilestoneCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly milestoneId: string,
    readonly body: RetractMilestoneDto,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
