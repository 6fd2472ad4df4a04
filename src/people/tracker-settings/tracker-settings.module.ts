import { Module } from '@nestjs/common';
import { SignInSettingsController } from './sign-in-settings.controller.js';
import { TrackerSettingsRepository } from './tracker-settings.repository.js';

/** What admins choose for the whole tracker, recorded on the `tracker-settings` stream. */
@Module({
  controllers: [SignInSettingsController],
  providers: [TrackerSettingsRepository],
  exports: [TrackerSettingsRepository],
})
export class TrackerSettingsModule {}
