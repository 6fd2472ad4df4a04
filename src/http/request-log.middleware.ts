import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

const feedKeyInQuery = /([?&]key=)[^&#]*/gi;

/** A URL with its calendar feed key blanked: calendar clients can only send the key in the query string. */
const withoutFeedKey = (url: string) => url.replace(feedKeyInQuery, '$1[redacted]');

/** Honours a caller's X-Request-Id (bounded and printable) so logs and events can be correlated. */
function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Gives each request its id and logs one line when it ends: its id, method, URL (a calendar feed
 * key blanked), status and duration; never headers or the client's address, which hold tokens and
 * personal data. The line is built only when its level is enabled: pino-http serialised every
 * request up front, a third of the CPU of a cached read (docs/benchmarks.md).
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  constructor(private readonly pino: PinoLogger) {}

  use(req: Request & { id?: string }, res: Response, next: NextFunction): void {
    req.id = requestId(req, res);
    // Health checks come every few seconds from the orchestrator: a line each would drown the rest.
    if (req.originalUrl === '/health') return next();
    const started = performance.now();
    res.once('close', () => {
      const level = res.statusCode >= 500 ? 'error' : 'info';
      const logger = this.pino.logger;
      if (!logger.isLevelEnabled(level)) return;
      const responseTime = Math.round(performance.now() - started);
      // Flat keys: `req` and `res` would go through the root logger's pino-http serializers.
      const line = { reqId: req.id, method: req.method, url: withoutFeedKey(req.originalUrl), statusCode: res.statusCode, responseTime };
      logger[level](line, res.writableFinished ? 'request completed' : 'request aborted');
    });
    next();
  }
}
