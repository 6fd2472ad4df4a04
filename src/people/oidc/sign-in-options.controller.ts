import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Access } from '../../auth/access.decorator.js';
import { AppConfig } from '../../config/config.js';

export class OidcOptionDto {
  @ApiProperty({ example: 'your organisation', description: 'Who to sign in with, for the button: "Sign in with …" (OIDC_PROVIDER_NAME)' })
  providerName: string;

  @ApiProperty({ example: '/api/sign-in/oidc', description: 'Where the button leads (a page navigation, not a fetch); add ?returnTo=/path to land there' })
  path: string;
}

export class SignInOptionsDto {
  @ApiProperty({ example: true, description: 'Sign-in by a link sent by e-mail (POST /api/sign-in/email): always on' })
  emailLink: boolean;

  @ApiPropertyOptional({ type: OidcOptionDto, nullable: true, description: "Sign-in with the organisation's identity provider, null when not set up" })
  oidc: OidcOptionDto | null;
}

@ApiTags('sign-in')
@Access('public')
@Controller('api/sign-in/options')
export class SignInOptionsController {
  constructor(private readonly config: AppConfig) {}

  @ApiOperation({ summary: 'Which ways of signing in this tracker offers, for the sign-in page (public)' })
  @ApiOkResponse({ type: SignInOptionsDto })
  @Get()
  options(): SignInOptionsDto {
    const { oidc } = this.config;
    return { emailLink: true, oidc: oidc ? { providerName: oidc.providerName, path: '/api/sign-in/oidc' } : null };
  }
}
