import { Injectable, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig } from '../config/config.js';
import { ConfigModule } from '../config/config.module.js';
import { ChannelsModule } from './channels.module.js';
import type { ReminderChannel } from './reminder-channel.js';
import { RegisteredChannel, ReminderChannelRegistry } from './reminder-channel.registry.js';

async function registry(env: Record<string, string> = {}, providers: Provider[] = []): Promise<ReminderChannelRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadConfig(env), 'postgres://unused'), ChannelsModule],
    providers,
  }).compile();
  await moduleRef.init();
  return moduleRef.get(ReminderChannelRegistry);
}

/** A channel that only carries a name. */
function aChannelNamed(name: string) {
  @RegisteredChannel()
  @Injectable()
  class NamedChannel implements ReminderChannel {
    readonly name = name;
    readonly addressKind = 'text';
    addressProblem = () => undefined;
    send = async () => undefined;
    isPermanentFailure = () => true;
  }
  return NamedChannel;
}

describe('ReminderChannelRegistry', () => {
  let channels: ReminderChannelRegistry;

  beforeAll(async () => {
    channels = await registry();
  });

  it('holds e-mail and webhook, in that order, with the field each address goes in', () => {
    expect(channels.names()).toEqual(['email', 'webhook']);
    expect(channels.describe()).toEqual([
      { name: 'email', addressKind: 'email' },
      { name: 'webhook', addressKind: 'url' },
    ]);
    expect(channels.get('webhook').issueSecret?.()).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(channels.get('email').issueSecret).toBeUndefined();
  });

  it.each([['SMS'], ['a channel'], ['webhook']])('refuses to start with a channel named %j (taken, or no plain token)', async (name) => {
    await expect(registry({}, [aChannelNamed(name)])).rejects.toThrow(/reminder channel/);
  });

  it.each([['sms'], [42], [undefined], ['Email']])('refuses the channel %p, naming the ones there are', (channel) => {
    expect(channels.subscriptionProblem(channel, 'advocacy@example.org')).toEqual({
      code: 'invalid-channel',
      message: 'channel must be email or webhook',
      field: 'channel',
    });
  });

  it.each([
    ['no-at-sign'],
    ['a@b'],
    [' advocacy@example.org'],
    ['advocacy@@example.org'],
    ['advo..cacy@example.org'],
    ['.advocacy@example.org'],
    ['advocacy@example.org.'],
    [`${'a'.repeat(65)}@example.org`],
    [`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.org`],
    [undefined],
  ])('refuses the e-mail address %p', (address) => {
    expect(channels.subscriptionProblem('email', address)).toEqual({
      code: 'invalid-email-address',
      message: 'address must be an e-mail address',
      field: 'address',
    });
  });

  it('accepts e-mail addresses with plus tags and subdomains', () => {
    expect(channels.subscriptionProblem('email', "o'brien+tb@mail.ishr.ch")).toBeUndefined();
  });

  it.each([
    ['http://hooks.example.org/treaty'],
    ['https://127.0.0.1/hook'],
    ['https://localhost/hook'],
    ['https://api.localhost/hook'],
    ['https://10.0.0.5/hook'],
    ['https://172.16.4.1/hook'],
    ['https://192.168.1.1/hook'],
    ['https://169.254.169.254/latest/meta-data'],
    ['https://[::1]/hook'],
    ['https://[fd00::1]/hook'],
    ['https://[::ffff:127.0.0.1]/hook'],
    ['https://2130706433/hook'],
    ['https://[2002:7f00:1::1]/hook'],
    ['https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook'],
    ['https://[::ffff:0:7f00:1]/hook'],
    ['https://[100::1]/hook'],
    ['https://[64:ff9b::7f00:1]/hook'],
    ['https://[64:ff9b::127.0.0.1]/hook'],
    ['https://[fe80::1]/hook'],
    ['https://[ff02::1]/hook'],
    ['https://0.1.2.3/hook'],
    ['https://100.64.0.1/hook'],
    ['https://198.18.0.1/hook'],
    ['https://224.0.0.1/hook'],
    ['ftp://hooks.example.org/'],
    ['not a url'],
  ])('refuses the webhook %s by default', (address) => {
    expect(channels.subscriptionProblem('webhook', address)).toEqual({
      code: 'invalid-webhook-address',
      message: 'address must be an https URL to a public host',
      field: 'address',
    });
  });

  it.each([['https://hooks.example.org/treaty'], ['https://8.8.8.8/hook'], ['https://[2001:4860:4860::8888]/hook'], ['https://[64:ff9b::808:808]/hook']])(
    'accepts the public webhook %s',
    (address) => {
      expect(channels.subscriptionProblem('webhook', address)).toBeUndefined();
    },
  );

  it('accepts http and private hosts when WEBHOOK_ALLOW_PRIVATE=true', async () => {
    const allowing = await registry({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    for (const address of ['http://127.0.0.1:8080/hook', 'https://[::1]/hook', 'http://hooks.internal/x']) {
      expect(allowing.subscriptionProblem('webhook', address)).toBeUndefined();
    }
    expect(allowing.subscriptionProblem('webhook', 'ftp://127.0.0.1/')).toEqual({
      code: 'invalid-webhook-address',
      message: 'address must be an http(s) URL',
      field: 'address',
    });
  });
});
