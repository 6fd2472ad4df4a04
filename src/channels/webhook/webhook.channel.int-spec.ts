import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { startWebhookReceiver, type WebhookHit } from '../../../test/support/reminder-receivers.js';
import { loadConfig } from '../../config/config.js';
import { DeliveryError, PermanentDeliveryError } from '../channel.errors.js';
import { aChannelDelivery } from '../testing/channel-delivery.builder.js';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, WebhookChannel } from './webhook.channel.js';

const aSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** The tests' shared receiver, trusting `secret` on the one path this spec posts to; `answer` replies after the signature is checked. */
async function startReceiver(secret: string, answer: (res: ServerResponse, hit: WebhookHit) => void = (res) => res.writeHead(204).end()) {
  const receiver = await startWebhookReceiver((hit, res) => answer(res, hit));
  const path = '/hooks/reminders';
  receiver.trust(path, secret);
  const url = receiver.url(path);
  return { hits: receiver.hits, url, port: Number(new URL(url).port), close: receiver.close };
}

const allowingPrivate = () => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' });
const refusingPrivate = () => loadConfig({});

describe('WebhookChannel', () => {
  const secret = aSecret();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  afterEach(async () => {
    await receiver?.close();
  });

  it('POSTs the payload as JSON, signed as Standard Webhooks says, with the delivery id as webhook-id', async () => {
    receiver = await startReceiver(secret);
    const payload = { type: 'deadline.reminder', data: { reminderId: 'r-1', processTitle: '2020 treaty body review' } };
    const delivery = aChannelDelivery({ recipient: { address: receiver.url, secret }, payload });

    const result = await new WebhookChannel(allowingPrivate()).send(delivery);

    expect(result).toEqual({ status: 204 });
    expect(receiver.hits).toHaveLength(1);
    const [hit] = receiver.hits;
    expect(hit.verified).toBe(true);
    expect(() => new Webhook(aSecret()).verify(hit.body, hit.headers)).toThrow();
    expect(hit.headers['webhook-id']).toBe(delivery.id);
    expect(hit.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(hit.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(JSON.parse(hit.body)).toEqual(payload);
    expect(hit.body).not.toContain(secret);
    expect(hit.body).not.toContain(receiver.url);
  });

  it('sends the same webhook-id on every retry, each attempt signed anew', async () => {
    receiver = await startReceiver(secret);
    const channel = new WebhookChannel(allowingPrivate());
    const delivery = aChannelDelivery({ recipient: { address: receiver.url, secret } });

    await channel.send(delivery);
    await channel.send(delivery);

    expect(receiver.hits.map((h) => h.headers['webhook-id'])).toEqual([delivery.id, delivery.id]);
    expect(receiver.hits.every((h) => h.verified)).toBe(true);
  });

  it('throws a retryable DeliveryError carrying the status when the receiver answers 500', async () => {
    receiver = await startReceiver(secret, (res) => res.writeHead(500).end('broken'));
    const delivery = aChannelDelivery({ recipient: { address: receiver.url, secret } });

    const error = await new WebhookChannel(allowingPrivate()).send(delivery).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ status: 500, message: expect.stringContaining('answered 500') });
    // The message may be recorded for good; the URL may have to be erased.
    expect((error as Error).message).not.toContain(String(receiver.port));
    expect(receiver.hits).toHaveLength(1);
  });

  it('does not follow a redirect, which could lead to an address never checked', async () => {
    receiver = await startReceiver(secret, (res, hit) =>
      hit.headers['webhook-id'] ? res.writeHead(307, { location: '/elsewhere' }).end() : res.writeHead(204).end(),
    );
    const delivery = aChannelDelivery({ recipient: { address: receiver.url, secret } });

    await expect(new WebhookChannel(allowingPrivate()).send(delivery)).rejects.toMatchObject({ name: 'DeliveryError', status: 307 });
    expect(receiver.hits).toHaveLength(1);
  });

  describe('a target on a loopback or private address', () => {
    it.each([
      ['an IP literal', (port: number) => `http://127.0.0.1:${port}/hook`],
      ['a name that resolves to loopback', (port: number) => `http://localhost:${port}/hook`],
      ['an IPv4-mapped IPv6 literal', (port: number) => `http://[::ffff:127.0.0.1]:${port}/hook`],
    ])('is refused for good by default: %s', async (_what, address) => {
      receiver = await startReceiver(secret);
      const delivery = aChannelDelivery({ recipient: { address: address(receiver.port), secret } });

      const error = await new WebhookChannel(refusingPrivate()).send(delivery).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PermanentDeliveryError);
      expect((error as Error).message).toContain('WEBHOOK_ALLOW_PRIVATE');
      expect(receiver.hits).toHaveLength(0);
    });

    it('is delivered when WEBHOOK_ALLOW_PRIVATE=true', async () => {
      receiver = await startReceiver(secret);
      const delivery = aChannelDelivery({
        recipient: { address: `http://localhost:${receiver.port}/hook`, secret },
      });

      await expect(new WebhookChannel(allowingPrivate()).send(delivery)).resolves.toEqual({ status: 204 });
      expect(receiver.hits).toHaveLength(1);
    });
  });

  it('gives up on a receiver that does not answer in time, for a retry', async () => {
    receiver = await startReceiver(secret, () => undefined);
    const delivery = aChannelDelivery({ recipient: { address: receiver.url, secret } });
    const error = await new WebhookChannel(allowingPrivate(), 300).send(delivery).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain('did not answer within 300 ms');
    expect(DEFAULT_WEBHOOK_TIMEOUT_MS).toBe(10_000);
  });

  it('fails for a retry when nothing listens', async () => {
    receiver = await startReceiver(secret);
    await receiver.close();
    const delivery = aChannelDelivery({ recipient: { address: receiver.url, secret } });

    await expect(new WebhookChannel(allowingPrivate()).send(delivery)).rejects.toMatchObject({
      name: 'DeliveryError',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it.each([
    ['without a signing secret', { address: 'http://127.0.0.1:9/hook', secret: undefined }],
    ['with a secret that is no key', { address: 'http://127.0.0.1:9/hook', secret: 'whsec_!!' }],
    ['to a URL that is not one', { address: 'not a url', secret }],
    ['to a scheme other than http(s)', { address: 'ftp://127.0.0.1/hook', secret }],
  ])('fails for good %s', async (_what, recipient) => {
    const delivery = aChannelDelivery({ recipient });

    await expect(new WebhookChannel(allowingPrivate()).send(delivery)).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
