import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';
import type { AssessBuildingBlockDto } from './assess-building-block.dto.js';

export class AssessBuildingBlockCommand extends Command<WriteResult & { assessmentId: string }> {
  constructor(
    readonly processId: string,
    readonly body: AssessBuildingBlockDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
