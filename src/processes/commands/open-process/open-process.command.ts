import { Command } from '@nestjs/cqrs';
import type { WriteRequest } from '../../../http/write-request.decorator.js';
import type { WriteResult } from '../../process.repository.js';
import type { OpenProcessDto } from './open-process.dto.js';

export class OpenProcessCommand extends Command<WriteResult & { id: string }> {
  constructor(
    readonly body: OpenProcessDto,
    readonly write: WriteRequest,
  ) {
    super();
  }
}
