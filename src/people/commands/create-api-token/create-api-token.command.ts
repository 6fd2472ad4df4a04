import { Command } from '@nestjs/cqrs';
import type { Role } from '../../../auth/roles.js';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';
import type { CreateApiTokenDto } from './create-api-token.dto.js';

export class CreateApiTokenCommand extends Command<WriteResult & { tokenId: string; token?: string }> {
  constructor(
    readonly personId: string,
    readonly body: CreateApiTokenDto,
    /** The role of the request that asks: a token cannot make one that does more than it. */
    readonly callerRole: Role,
    readonly write: WriteContext,
  ) {
    super();
  }
}
