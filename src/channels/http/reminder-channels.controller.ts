import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { ADDRESS_KINDS, type AddressKind } from '../reminder-channel.js';
import { ReminderChannelRegistry } from '../reminder-channel.registry.js';

export class ReminderChannelDto {
  @ApiProperty({ example: 'email', description: 'The value of `channel` in a subscription' })
  name: string;

  @ApiProperty({ enum: ADDRESS_KINDS, example: 'email', description: 'What the address is: an e-mail address, a URL, or other text' })
  addressKind: AddressKind;
}

export class ReminderChannelsDto {
  @ApiProperty({ type: [ReminderChannelDto] })
  items: ReminderChannelDto[];
}

@ApiProblems()
@ApiTags('subscriptions')
@ApiBearerAuth()
@Access('public')
@Controller('api/reminder-channels')
export class ReminderChannelsController {
  constructor(private readonly channels: ReminderChannelRegistry) {}

  @ApiOperation({ summary: 'The channels a subscription may use, so a form offers exactly these (public)' })
  @Get()
  list(): ReminderChannelsDto {
    return { items: this.channels.describe() };
  }
}
