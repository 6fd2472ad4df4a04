import { Command } from '@nestjs/cqrs';
import type { WriteContext } from '../../../event-store/write-context.js';
import type { WriteResult } from '../../../event-store/write-context.js';
import type { OpenProcessDto } from './open-process.dto.js';

export class OpenProcessCommand extends Command<WriteResult & { id: string }> {
  constructor(
    readonly body: OpenProcessDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
