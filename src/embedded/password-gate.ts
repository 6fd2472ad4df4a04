import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ProtocolQueue } from './protocol-queue.js';

const PROTOCOL_3 = 196608;
const PASSWORD_MESSAGE = 'p'.charCodeAt(0);
const AUTHENTICATION_SASL = 10;
const AUTHENTICATION_SASL_CONTINUE = 11;
const AUTHENTICATION_SASL_FINAL = 12;
const MECHANISM = 'SCRAM-SHA-256';
const ITERATIONS = 4096;
/** base64 of the GS2 header "n,,": a client that does not bind the channel (there is no TLS here). */
const NO_CHANNEL_BINDING = 'biws';

type Exchange =
  | { step: 'startup' }
  | { step: 'client-first'; startup: Uint8Array }
  | { step: 'client-final'; startup: Uint8Array; clientFirstBare: string; serverFirst: string; nonce: string };

/** A connection that does not prove it knows the password: the socket handler closes it on rejection. */
class AuthenticationFailed extends Error {
  constructor(
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

function authenticationMessage(kind: number, data = Buffer.alloc(0)): Buffer {
  const message = Buffer.alloc(9 + data.length);
  message.write('R', 0);
  message.writeInt32BE(8 + data.length, 1);
  message.writeInt32BE(kind, 5);
  data.copy(message, 9);
  return message;
}

function fatalError(error: AuthenticationFailed): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${error.sqlState}\0M${error.message}\0\0`);
  const message = Buffer.alloc(5 + fields.length);
  message.write('E', 0);
  message.writeInt32BE(4 + fields.length, 1);
  fields.copy(message, 5);
  return message;
}

/** "a=1,b=2" → { a: '1', b: '2' } (values may contain '='; RFC 5802 attributes are single letters). */
function attributes(text: string): Record<string, string> {
  return Object.fromEntries(text.split(',').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]));
}

/**
 * SCRAM-SHA-256 password authentication in front of the embedded database (RFC 5802, as PostgreSQL
 * does it): PGlite answers every startup with AuthenticationOk, so a connection reaches it only after
 * proving it knows the password; the password itself never crosses the socket.
 */
export class PasswordGate {
  private readonly exchanges = new Map<number, Exchange>();
  private readonly authenticated = new Set<number>();
  private readonly salt = randomBytes(16);
  private readonly storedKey: Buffer;
  private readonly serverKey: Buffer;

  constructor(
    private readonly queue: ProtocolQueue,
    password: string,
  ) {
    const saltedPassword = pbkdf2Sync(password, this.salt, ITERATIONS, 32, 'sha256');
    this.storedKey = sha256(hmac(saltedPassword, 'Client Key'));
    this.serverKey = hmac(saltedPassword, 'Server Key');
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.authenticated.has(handlerId)) return this.queue.enqueue(handlerId, message, onData);
    try {
      return this.authenticate(handlerId, Buffer.from(message), onData);
    } catch (error) {
      this.forget(handlerId);
      const failure = error instanceof AuthenticationFailed ? error : new AuthenticationFailed('08P01', 'invalid startup packet');
      onData(fatalError(failure));
      return Promise.reject(failure);
    }
  }

  getQueueLength(): number {
    return this.queue.getQueueLength();
  }

  clearQueueForHandler(handlerId: number): void {
    this.forget(handlerId);
    this.queue.clearQueueForHandler(handlerId);
  }

  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    return this.queue.clearTransactionIfNeeded(handlerId);
  }

  private forget(handlerId: number): void {
    this.exchanges.delete(handlerId);
    this.authenticated.delete(handlerId);
  }

  private authenticate(handlerId: number, message: Buffer, onData: (data: Uint8Array) => void): Promise<number> {
    const exchange = this.exchanges.get(handlerId) ?? { step: 'startup' };
    if (exchange.step === 'startup') {
      if (message.length < 8 || message.readInt32BE(4) !== PROTOCOL_3) throw new AuthenticationFailed('08P01', 'expected a startup message');
      this.exchanges.set(handlerId, { step: 'client-first', startup: message });
      return this.reply(onData, authenticationMessage(AUTHENTICATION_SASL, Buffer.from(`${MECHANISM}\0\0`)));
    }
    if (message[0] !== PASSWORD_MESSAGE) throw new AuthenticationFailed('28000', 'password authentication required');
    const body = message.subarray(5);
    if (exchange.step === 'client-first') {
      // SASLInitialResponse: the mechanism, then the length of the client-first-message and the message.
      const mechanismEnd = body.indexOf(0);
      if (body.subarray(0, mechanismEnd).toString() !== MECHANISM) throw new AuthenticationFailed('28000', `only ${MECHANISM} is accepted`);
      const clientFirst = body.subarray(mechanismEnd + 5).toString();
      if (!clientFirst.startsWith('n,,')) throw new AuthenticationFailed('28000', 'channel binding is not supported');
      const clientFirstBare = clientFirst.slice(3);
      const clientNonce = attributes(clientFirstBare).r;
      if (!clientNonce) throw new AuthenticationFailed('08P01', 'SCRAM client nonce missing');
      const nonce = clientNonce + randomBytes(18).toString('base64');
      const serverFirst = `r=${nonce},s=${this.salt.toString('base64')},i=${ITERATIONS}`;
      this.exchanges.set(handlerId, { step: 'client-final', startup: exchange.startup, clientFirstBare, serverFirst, nonce });
      return this.reply(onData, authenticationMessage(AUTHENTICATION_SASL_CONTINUE, Buffer.from(serverFirst)));
    }
    const clientFinal = body.toString();
    const proofAt = clientFinal.lastIndexOf(',p=');
    const withoutProof = clientFinal.slice(0, proofAt);
    const { c: binding, r: nonce } = attributes(withoutProof);
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
    const authMessage = `${exchange.clientFirstBare},${exchange.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.storedKey, authMessage);
    const proven =
      proofAt !== -1 &&
      binding === NO_CHANNEL_BINDING &&
      nonce === exchange.nonce &&
      proof.length === clientSignature.length &&
      timingSafeEqual(sha256(Buffer.from(proof.map((byte, i) => byte ^ clientSignature[i]))), this.storedKey);
    if (!proven) throw new AuthenticationFailed('28P01', 'password authentication failed');
    this.exchanges.delete(handlerId);
    this.authenticated.add(handlerId);
    onData(authenticationMessage(AUTHENTICATION_SASL_FINAL, Buffer.from(`v=${hmac(this.serverKey, authMessage).toString('base64')}`)));
    // PGlite now answers the held startup message: AuthenticationOk, parameters, ReadyForQuery.
    return this.queue.enqueue(handlerId, exchange.startup, onData);
  }

  private reply(onData: (data: Uint8Array) => void, message: Buffer): Promise<number> {
    onData(message);
    return Promise.resolve(message.length);
  }
}
