import { Command } from '@nestjs/cqrs';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';

export class RevokeApiTokenCommand extends Command<WriteResult> {
  constructor(
    readonly personId: string,
    readonly tokenId: string,
    readonly write: WriteContext,
  ) {
    super();
  }
}
