import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsReminderChannel } from '../../../channels/reminder-channel.constraint.js';
import { LANGUAGES, type Language, type SubscriptionChannel } from '../../domain/process.vocabulary.js';

export class AddSubscriptionDto {
  @ApiProperty({ example: 'email', description: 'A reminder channel: one of the names GET /api/reminder-channels lists (email, webhook)' })
  @IsReminderChannel()
  channel: SubscriptionChannel;

  @ApiProperty({ example: 'tb-team@example.org', description: 'An e-mail address, or an https URL for webhooks. Stored encrypted; erasable.' })
  @IsString()
  @MaxLength(2048)
  address: string;

  @ApiProperty({ enum: LANGUAGES, example: 'fr' })
  @IsIn(LANGUAGES)
  language: Language;

  @ApiPropertyOptional({ example: 'Europe/Zurich', description: 'IANA zone for dates in reminders; the deadline’s own when absent' })
  @IsOptional()
  @IsString()
  timezone?: string;
}
