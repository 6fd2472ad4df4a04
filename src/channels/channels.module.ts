import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EmailOutbox } from './email/email-outbox.js';
import { EmailChannel } from './email/email.channel.js';
import { ReminderChannelsController } from './http/reminder-channels.controller.js';
import { ReminderChannelRegistry } from './reminder-channel.registry.js';
import { IsReminderChannelConstraint } from './reminder-channel.constraint.js';
import { WebhookChannel } from './webhook/webhook.channel.js';

/**
 * The ways a reminder leaves the service; AppConfig comes from the global ConfigModule. A channel is
 * registered by its line here (its class carries @RegisteredChannel); the registry finds it.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [ReminderChannelsController],
  providers: [EmailOutbox, EmailChannel, WebhookChannel, ReminderChannelRegistry, IsReminderChannelConstraint],
  exports: [EmailOutbox, EmailChannel, WebhookChannel, ReminderChannelRegistry, IsReminderChannelConstraint],
})
export class ChannelsModule {}
