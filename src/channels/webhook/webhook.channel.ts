import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { AppConfig } from '../../config/config.js';
import { isPrivateAddress, isPrivateHost } from '../../network/private-address.js';
import { DeliveryError, PermanentDeliveryError } from '../channel.errors.js';
import type { AddressProblem, ChannelDelivery, ReminderChannel } from '../reminder-channel.js';
import { RegisteredChannel } from '../reminder-channel.registry.js';

/** Injection token for the request timeout in milliseconds; tests shorten it. */
export const WEBHOOK_TIMEOUT_MS = Symbol('WEBHOOK_TIMEOUT_MS');
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** The same limit as every other URL the service accepts. */
const WEBHOOK_URL_MAX_LENGTH = 2_048;

/**
 * A URL a subscription may name: https to a public host, or with WEBHOOK_ALLOW_PRIVATE any http(s) URL.
 * A host name passes here; the addresses it resolves to are checked at each delivery (DNS rebinding).
 */
export function isWebhookAddress(value: unknown, allowPrivate: boolean): value is string {
  if (typeof value !== 'string' || value.length > WEBHOOK_URL_MAX_LENGTH || !URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.hostname === '') return false;
  if (allowPrivate) return url.protocol === 'https:' || url.protocol === 'http:';
  return url.protocol === 'https:' && !isPrivateHost(url.hostname);
}

/**
 * POSTs webhooks signed as the Standard Webhooks specification says; for a reminder, its id is the webhook-id.
 * Error messages never name the URL: they may be recorded in the immutable history, the URL may be erased.
 */
@RegisteredChannel()
@Injectable()
export class WebhookChannel implements ReminderChannel {
  readonly name = 'webhook';
  readonly addressKind = 'url';

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(WEBHOOK_TIMEOUT_MS) private readonly timeoutMs: number = DEFAULT_WEBHOOK_TIMEOUT_MS,
  ) {}

  addressProblem(address: unknown): AddressProblem | undefined {
    const allowPrivate = this.config.webhookAllowPrivate;
    if (isWebhookAddress(address, allowPrivate)) return undefined;
    return { code: 'invalid-webhook-address', message: `address must be ${allowPrivate ? 'an http(s) URL' : 'an https URL to a public host'}` };
  }

  /** A Standard Webhooks signing key: the subscriber checks every POST with it. */
  issueSecret(): string {
    return `whsec_${randomBytes(24).toString('base64')}`;
  }

  isPermanentFailure(error: unknown): boolean {
    return error instanceof PermanentDeliveryError;
  }

  async send(delivery: ChannelDelivery): Promise<{ status: number }> {
    return this.post(delivery.recipient, { id: delivery.id, payload: delivery.payload() });
  }

  /** One signed POST of any message (reminders, seals to witnesses); its id is the receiver's idempotency key. */
  async post(target: { address: string; secret?: string }, message: { id: string; payload: unknown }): Promise<{ status: number }> {
    const signer = signerFor(target.secret);
    const url = targetUrl(target.address);
    const addresses = await this.resolve(url);
    const body = JSON.stringify(message.payload);
    const now = new Date();
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'treaty-review-tracker',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signer.sign(message.id, now, body),
    };
    const status = await postOnce(url, addresses, headers, body, this.timeoutMs);
    if (status < 200 || status > 299) {
      const note = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
      throw new DeliveryError(`webhook receiver answered ${status}${note}`, { status });
    }
    return { status };
  }

  /** Every address the name resolves to must pass: the connection then goes to one of these, never to a new lookup. */
  private async resolve(url: URL): Promise<LookupAddress[]> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: LookupAddress[];
    try {
      addresses = await lookup(host, { all: true });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new DeliveryError(`webhook host did not resolve: ${reason}`, { cause: error });
    }
    if (addresses.length === 0) throw new DeliveryError('webhook host resolved to no address');
    if (!this.config.webhookAllowPrivate) {
      if (addresses.some((a) => isPrivateAddress(a.address))) {
        throw new PermanentDeliveryError(
          'webhook host resolves to a loopback, private or link-local address (set WEBHOOK_ALLOW_PRIVATE=true to allow it)',
        );
      }
    }
    return addresses;
  }
}

function signerFor(secret: string | undefined): Webhook {
  if (!secret) throw new PermanentDeliveryError('webhook subscription has no signing secret');
  try {
    return new Webhook(secret);
  } catch (error) {
    throw new PermanentDeliveryError('webhook signing secret is not a valid whsec_ key', { cause: error });
  }
}

function targetUrl(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch (error) {
    throw new PermanentDeliveryError('webhook address is not a valid URL', { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PermanentDeliveryError(`webhook address must use http or https (got ${url.protocol})`);
  }
  return url;
}

/** One POST on a fresh connection to the checked addresses; resolves with the status once the body is read. */
function postOnce(
  url: URL,
  addresses: LookupAddress[],
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  // Node 20 asks for all addresses (happy eyeballs) or for one: answer both from the checked list.
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const secure = url.protocol === 'https:';
  const agent = new (secure ? https : http).Agent({ keepAlive: false, lookup: pinned });
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise<number>((resolve, reject) => {
    const fail = (error: Error) => {
      const reason = signal.aborted
        ? `did not answer within ${timeoutMs} ms`
        : `failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`;
      reject(new DeliveryError(`webhook receiver ${reason}`, { cause: error }));
    };
    const request = (secure ? https : http).request(url, { method: 'POST', headers, agent, signal }, (response) => {
      response.once('error', fail);
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('close', () => {
        if (!response.complete) fail(new Error('the response was cut short'));
      });
      response.resume();
    });
    request.once('error', fail);
    request.end(body);
  }).finally(() => agent.destroy());
}
