import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class EraseDto {
  @ApiProperty({ example: 'tb-team@example.org', description: 'The e-mail address or webhook URL of the person to forget' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  address: string;
}

export class ErasedSubscriptionDto {
  @ApiProperty({ format: 'uuid' })
  processId: string;

  @ApiProperty({ format: 'uuid' })
  subscriptionId: string;
}

export class ErasureDto {
  @ApiProperty({ format: 'uuid', description: 'The person, as the events name them (the key of this id is now deleted)' })
  subjectId: string;

  @ApiProperty({ type: [ErasedSubscriptionDto], description: 'Every subscription that held the address, in every process; each is ended' })
  subscriptions: ErasedSubscriptionDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The person who held the address: deactivated, their tokens revoked, their sign-in links and sessions deleted' })
  personId?: string;

  @ApiProperty({ description: 'Global position of the PersonalDataErased event (pass as minPosition to read after it)' })
  position: number;
}
