import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateFeedKeyDto {
  @ApiProperty({ example: 'Shared calendar of the Geneva team', description: 'Who or what the key is for' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label: string;
}

export class FeedKeyDto {
  @ApiProperty({ format: 'uuid', description: 'Pass to DELETE …/feed-keys/:keyId to revoke it' })
  keyId: string;

  @ApiProperty({ example: 'trtf_Qm9…', description: 'Shown once; only its hash is stored' })
  key: string;

  @ApiProperty({ example: 'https://tracker.example.org/api/processes/0b7c…/deadlines.ics?key=trtf_Qm9…', description: 'The address to subscribe to' })
  url: string;
}

export class RevokeFeedKeyDto {
  @ApiProperty({ example: 'trtf_Qm9…', description: 'The key itself, as found in a feed address (?key=…): for a leaked address whose keyId is not known' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  key: string;
}

export class RevokedFeedKeyDto {
  @ApiProperty({ format: 'uuid', description: 'The key that was revoked' })
  keyId: string;
}

export class FeedKeySummaryDto {
  @ApiProperty({ format: 'uuid' })
  keyId: string;

  @ApiProperty({ example: 'Shared calendar of the Geneva team' })
  label: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'uuid', description: 'Id of the API token that created it' })
  createdBy: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last read of the feed with this key, to the minute; null if never used' })
  lastUsedAt: string | null;
}

export class FeedKeyListDto {
  @ApiProperty({ type: [FeedKeySummaryDto], description: 'Every key of the process, revoked ones too, oldest first; never the key itself' })
  items: FeedKeySummaryDto[];
}
