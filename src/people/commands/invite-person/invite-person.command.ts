import { Command } from '@nestjs/cqrs';
import type { WriteContext, WriteResult } from '../../../event-store/write-context.js';
import type { InvitePersonDto } from './invite-person.dto.js';

export class InvitePersonCommand extends Command<WriteResult & { personId: string; invitationSent: boolean }> {
  constructor(
    readonly body: InvitePersonDto,
    readonly write: WriteContext,
  ) {
    super();
  }
}
