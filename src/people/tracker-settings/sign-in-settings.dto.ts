import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { OIDC_NEWCOMER_ROLES, type OidcNewcomerRole } from './domain/tracker-settings.events.js';

export class SignInSettingsDto {
  @ApiProperty({
    enum: OIDC_NEWCOMER_ROLES,
    nullable: true,
    example: null,
    description: "The role a person the organisation's provider knows but the tracker does not joins with at their first sign-in; null (the default): they are refused",
  })
  @IsIn([...OIDC_NEWCOMER_ROLES, null], { message: 'oidcNewcomersJoinAs must be viewer or null' })
  oidcNewcomersJoinAs: OidcNewcomerRole | null;
}

export class SignInSettingsResponseDto extends SignInSettingsDto {
  @ApiProperty({ example: 2, description: 'The version of the tracker-settings stream (also the ETag)' })
  version: number;
}
