import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PersonWriteResponseDto {
  @ApiProperty({ example: 3, description: 'The person’s stream version after the write (also the ETag)' })
  version: number;

  @ApiProperty({ example: 4031, description: 'Global position of the last event written: pass it as minPosition to read your write' })
  position: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'The invited person (POST /api/people)' })
  personId?: string;

  @ApiPropertyOptional({ description: 'Whether the invitation e-mail went out (POST /api/people); the invitation is recorded either way' })
  invitationSent?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'The new token’s id (POST /api/me/tokens)' })
  tokenId?: string;

  @ApiPropertyOptional({ example: 'trt_…', description: 'The new token, shown this once: a replay under the same Idempotency-Key answers without it' })
  token?: string;
}
