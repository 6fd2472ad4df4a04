import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WriteResponseDto {
  @ApiProperty({ example: 12, description: 'The process stream version after the write (also the ETag)' })
  version: number;

  @ApiProperty({ example: 4031, description: 'Global position of the last event written: pass it as minPosition to read your write' })
  position: number;

  @ApiPropertyOptional({ description: 'The new process id (POST /api/processes)' })
  id?: string;

  @ApiPropertyOptional({ description: 'The new milestone id' })
  milestoneId?: string;

  @ApiPropertyOptional({ description: 'The new assessment id' })
  assessmentId?: string;

  @ApiPropertyOptional({ description: 'The new deadline id' })
  deadlineId?: string;

  @ApiPropertyOptional({ description: 'The new subscription id' })
  subscriptionId?: string;

  @ApiPropertyOptional({
    description:
      'Webhook signing secret (Standard Webhooks), shown this once: a replay of the same request under its Idempotency-Key answers the same reply without it (the secret is never stored in clear)',
  })
  secret?: string;
}
