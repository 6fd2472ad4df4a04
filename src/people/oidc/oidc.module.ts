import { Module } from '@nestjs/common';
import { TrackerSettingsModule } from '../tracker-settings/tracker-settings.module.js';
import { OidcAttempts } from './oidc-attempts.js';
import { OidcClient } from './oidc-client.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { OidcController } from './oidc.controller.js';
import { SignInOptionsController } from './sign-in-options.controller.js';

/** Sign-in with the organisation's identity provider (OpenID Connect); the options route tells the page whether it is on. */
@Module({
  imports: [TrackerSettingsModule],
  controllers: [OidcController, SignInOptionsController],
  providers: [OidcClient, OidcAttempts, OidcSignIn],
})
export class OidcModule {}
