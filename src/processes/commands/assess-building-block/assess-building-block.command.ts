import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';
import type { AssessBuildingBlockDto } from './assess-building-block.dto.js';

export class AssessBuildingBlockCommand extends Command<WriteResult & { assessmentId: string }> {
  constructor(
    readonly processId: string,
    readonly body: AssessBuildingBlockDto,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
