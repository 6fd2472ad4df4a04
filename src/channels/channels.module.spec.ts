import { Test } from '@nestjs/testing';
import { loadConfig } from '../config/config.js';
import { ConfigModule } from '../config/config.module.js';
import { ChannelsModule } from './channels.module.js';
import { EmailChannel } from './email/email.channel.js';
import { WebhookChannel } from './webhook/webhook.channel.js';

describe('ChannelsModule', () => {
  it('provides both channels from the global AppConfig, the webhook timeout at its default', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadConfig({}), 'postgres://unused'), ChannelsModule],
    }).compile();

    expect(moduleRef.get(EmailChannel)).toBeInstanceOf(EmailChannel);
    const webhook = moduleRef.get(WebhookChannel);
    expect(webhook).toBeInstanceOf(WebhookChannel);
    expect((webhook as unknown as { timeoutMs: number }).timeoutMs).toBe(10_000);
  });
});
