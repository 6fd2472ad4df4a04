import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';
import type { CorrectMilestoneDto } from './correct-milestone.dto.js';

export class CorrectMilestoneCommand extends Command<WriteResult> {
  constructor(
    readonly processId: string,
    readonly milestoneId: string,
    readonly body: CorrectMilestoneDto,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
