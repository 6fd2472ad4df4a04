import type { ChannelDelivery, ReadableMessage } from '../reminder-channel.js';

type Overrides = Partial<Omit<ChannelDelivery, 'recipient' | 'readable' | 'payload'>> & {
  recipient?: Partial<ChannelDelivery['recipient']>;
  readable?: Partial<ReadableMessage>;
  payload?: unknown;
};

/** One short message to reader@example.org, in both forms a channel may take. */
export function aChannelDelivery(overrides: Overrides = {}): ChannelDelivery {
  const { recipient, readable, payload = { type: 'test.message', data: { text: 'Hello' } }, ...rest } = overrides;
  return {
    id: '0b6f1c9e-5d7a-4c1e-9a51-3f2f8f6b2a10',
    ...rest,
    recipient: { address: 'reader@example.org', ...recipient },
    readable: () => ({ subject: 'Hello', text: 'Hello', html: '<p>Hello</p>', attachments: [], ...readable }),
    payload: () => payload,
  };
}
