import { Module } from '@nestjs/common';
import { EmailOutbox } from './email-outbox.js';
import { EmailChannel } from './email.channel.js';
import { WebhookChannel } from './webhook.channel.js';

/** The ways a reminder leaves the service; AppConfig comes from the global ConfigModule. */
@Module({
  providers: [EmailOutbox, EmailChannel, WebhookChannel],
  exports: [EmailOutbox, EmailChannel, WebhookChannel],
})
export class ChannelsModule {}
