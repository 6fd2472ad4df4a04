import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

export interface ReceivedMail {
  raw: string;
  /** The envelope sender. */
  from: string | false;
  to: string[];
  receivedAt: number;
}

/** A real SMTP server (smtp-server) on a loopback port that keeps every message it accepts; `options` may make it refuse. */
export async function startSmtpServer(options: Partial<SMTPServerOptions> = {}): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          receivedAt: Date.now(),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface WebhookHit {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The signature checked out against the secret registered for the path. */
  verified: boolean;
  receivedAt: number;
}

/**
 * A real HTTP receiver that verifies Standard Webhooks signatures with the secret given per path
 * (each subscription gets its own), then answers as `answer` says (204 by default).
 */
export async function startWebhookReceiver(answer: (hit: WebhookHit, res: ServerResponse) => void = (_, res) => res.writeHead(204).end()) {
  const hits: WebhookHit[] = [];
  const secrets = new Map<string, string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = req.headers as Record<string, string>;
      const path = req.url ?? '/';
      let verified = false;
      const secret = secrets.get(path);
      if (secret) {
        try {
          new Webhook(secret).verify(body, headers);
          verified = true;
        } catch {
          verified = false;
        }
      }
      const hit = { path, headers, body, verified, receivedAt: Date.now() };
      hits.push(hit);
      answer(hit, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hits,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** Registers the signing secret the service answered for the subscription at this path. */
    trust: (path: string, secret: string) => secrets.set(path, secret),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
