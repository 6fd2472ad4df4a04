import { jest } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/config.js';
import { aChannelDelivery } from '../testing/channel-delivery.builder.js';

// The name resolves only through this check; a connection that looked it up again would fail with ENOTFOUND.
jest.unstable_mockModule('node:dns/promises', () => ({
  lookup: async (host: string) => {
    if (host !== 'receiver.invalid') throw Object.assign(new Error(`unexpected lookup of ${host}`), { code: 'ENOTFOUND' });
    return [{ address: '127.0.0.1', family: 4 }];
  },
}));
const { WebhookChannel } = await import('./webhook.channel.js');

describe('WebhookChannel address pinning', () => {
  it('connects to the address it checked, never resolving the name again', async () => {
    const hosts: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      hosts.push(req.headers.host);
      req.resume().on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const delivery = aChannelDelivery({
        recipient: {
          address: `http://receiver.invalid:${port}/hook`,
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        },
      });

      const channel = new WebhookChannel(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }));

      await expect(channel.send(delivery)).resolves.toEqual({ status: 200 });
      // The receiver still sees its own name, as virtual hosts and TLS certificates need.
      expect(hosts).toEqual([`receiver.invalid:${port}`]);
    } finally {
      server.close();
    }
  });
});
