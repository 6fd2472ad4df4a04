import { Command } from '@nestjs/cqrs';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';
import type { ChangeProfileDto } from './change-profile.dto.js';

export class ChangeProfileCommand extends Command<WriteResult> {
  constructor(
    readonly personId: string,
    readonly body: ChangeProfileDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
