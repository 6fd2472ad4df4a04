import { Module } from '@nestjs/common';
import { EmailChannel } from './email.channel.js';
import { WebhookChannel } from './webhook.channel.js';

/** The ways a reminder leaves the service; AppConfig comes from the global ConfigModule. */
@Module({
  providers: [EmailChannel, WebhookChannel],
  exports: [EmailChannel, WebhookChannel],
})
export class ChannelsModule {}
