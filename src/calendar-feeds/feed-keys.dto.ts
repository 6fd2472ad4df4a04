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
