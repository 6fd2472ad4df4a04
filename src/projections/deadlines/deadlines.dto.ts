import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DEADLINE_KINDS, LANGUAGES, type DeadlineKind, type Language, type SubscriptionChannel } from '../../processes/domain/process.vocabulary.js';
import { ReadConsistencyQuery } from '../read-consistency.js';
import { DEADLINE_READ_STATUSES, type DeadlineReadStatus } from './deadline-status.js';

export class DeadlineMoveDto {
  @ApiProperty({ example: '2020-07-07T23:59:00-04:00', description: 'Due instant before the move, as given' })
  from: string;

  @ApiProperty({ example: '2020-07-14T23:59:00-04:00', description: 'Due instant after the move, as given' })
  to: string;

  @ApiProperty({ example: 'Extended by the co-facilitators' })
  reason: string;

  @ApiProperty({ format: 'date-time', description: 'When the move was recorded' })
  at: string;
}

export const REMINDER_STATUSES = ['planned', 'queued', 'sent', 'failed', 'skipped'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export class DeadlineReminderDto {
  @ApiProperty({ format: 'uuid', description: 'The ledger id: also the webhook-id and the Message-ID of its deliveries' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  subscriptionId: string;

  @ApiProperty({ example: 'email', description: 'The reminder channel (GET /api/reminder-channels lists them)' })
  channel: SubscriptionChannel;

  @ApiProperty({ example: 'P7D', description: 'ISO 8601 duration before the deadline, or "overdue"' })
  offset: string;

  @ApiProperty({ format: 'date-time', description: 'When it is (or was) due' })
  dueAt: string;

  @ApiProperty({ enum: REMINDER_STATUSES, description: 'planned, queued (its job exists), sent, failed (after its last attempt) or skipped (moved, met, cancelled, unsubscribed, erased, or past when planned)' })
  status: ReminderStatus;

  @ApiProperty({ example: 1, description: 'Delivery attempts made' })
  attempts: number;

  @ApiProperty({ description: 'Delivered more than 10 s after its time: it fell due while nothing ran, or earlier attempts failed' })
  late: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  sentAt?: string;

  @ApiPropertyOptional({ example: 'webhook receiver answered 500', description: 'Why the last attempt failed, or why it was skipped' })
  lastError?: string;
}

export class ReminderCountsDto {
  @ApiProperty({ example: 2 })
  planned: number;

  @ApiProperty({ example: 1 })
  queued: number;

  @ApiProperty({ example: 3 })
  sent: number;

  @ApiProperty({ example: 0 })
  failed: number;

  @ApiProperty({ example: 1 })
  skipped: number;
}

export class DeadlineDto {
  @ApiProperty({ format: 'uuid' })
  deadlineId: string;

  @ApiProperty({ example: 'Written contributions due' })
  title: string;

  @ApiProperty({ enum: DEADLINE_KINDS, example: 'call-for-input' })
  kind: DeadlineKind;

  @ApiProperty({ example: '2020-07-07T23:59:00-04:00', description: 'The due instant as given, with its offset' })
  dueAt: string;

  @ApiProperty({ example: '2020-07-08T03:59:00.000Z', format: 'date-time', description: 'The same instant in UTC' })
  dueAtUtc: string;

  @ApiProperty({ example: 'America/New_York', description: 'IANA zone the deadline is kept in' })
  timezone: string;

  @ApiProperty({ example: '2020-07-07', format: 'date', description: 'Calendar day of the due instant in that zone' })
  localDueDate: string;

  @ApiProperty({ type: [String], example: ['P30D', 'P7D', 'P1D'], description: 'ISO 8601 durations before dueAt' })
  remindBefore: string[];

  @ApiProperty({ example: true, description: 'Remind once more when it passes unmet' })
  notifyOverdue: boolean;

  @ApiProperty({
    enum: DEADLINE_READ_STATUSES,
    description: 'met and cancelled as recorded; otherwise overdue after dueAt, due-today on its calendar day in its zone, else upcoming (computed when read)',
  })
  status: DeadlineReadStatus;

  @ApiProperty({ type: String, nullable: true, example: 'Dropped by the co-facilitators', description: 'Why it was cancelled' })
  statusReason: string | null;

  @ApiProperty({ type: [DeadlineMoveDto], description: 'Every move, oldest first' })
  moves: DeadlineMoveDto[];

  @ApiPropertyOptional({
    type: [DeadlineReminderDto],
    description: 'Every reminder of the ledger, in due order: for editors and admins only (subscriptions, channels and delivery errors are theirs to see)',
  })
  reminders?: DeadlineReminderDto[];

  @ApiPropertyOptional({
    type: ReminderCountsDto,
    description: 'How many reminders are in each state: for viewers and auditors, in place of reminders; absent without a token',
  })
  reminderCounts?: ReminderCountsDto;
}

export class DeadlineListDto {
  @ApiProperty({ type: [DeadlineDto], description: 'Ordered by due instant' })
  items: DeadlineDto[];
}

export class DeadlinesExportQuery extends ReadConsistencyQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en', description: 'The language of the header row' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}
