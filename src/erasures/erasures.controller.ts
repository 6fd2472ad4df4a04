import { Body, Controller, NotFoundException, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import type { WriteContext } from '../event-store/write-context.js';
import { CurrentWrite } from '../http/write-request.decorator.js';
import { ErasePersonalDataCommand } from './erase-personal-data.command.js';
import { EraseDto, ErasureDto } from './erasure.dto.js';

@ApiProblems()
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/erasures')
export class ErasuresController {
  constructor(private readonly commands: CommandBus) {}

  @ApiOperation({
    summary: 'Forget a person: end every subscription with this address, deactivate the person who holds it, and delete its key (admins)',
    description:
      'Afterwards the address cannot be read anywhere: its key is deleted (the invitation of the person who held it too: their tokens are revoked, their sign-in links and sessions deleted), the replies kept for its subscriptions’ Idempotency-Keys are forgotten, and without SMTP_URL the e-mails written to it in DATA_DIR/outbox are deleted; the hash chains still verify. 404 when no personal data is kept for the address.',
  })
  @ApiCreatedResponse({ type: ErasureDto })
  @Access('admin')
  @Post()
  async erase(@Body() body: EraseDto, @CurrentWrite() write: WriteContext): Promise<ErasureDto> {
    const result = await this.commands.execute(new ErasePersonalDataCommand(body.address, write));
    if (!result) throw new NotFoundException('No personal data is kept for this address (never subscribed, or erased already)');
    return result;
  }
}
