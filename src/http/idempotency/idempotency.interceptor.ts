import { ConflictException, Injectable, UnprocessableEntityException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../../auth/access.decorator.js';
import { RequestValidationError } from '../problem-details.js';
import { IdempotencyStore, type StoredResponse } from './idempotency.store.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const WAIT_FOR_FIRST_MS = 10_000;
const REPLAYED_HEADERS = ['etag', 'location'];

/** `Idempotency-Key`: the same key and body answer the first response again and write nothing. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (key === undefined || !request.principal) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new RequestValidationError([{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    }
    const actorId = request.principal.tokenId;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl.split('?')[0]}\n${canonicalize(request.body ?? null) ?? ''}`)
      .digest('hex');

    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claim = await this.store.claim(actorId, key, requestHash);
      switch (claim.outcome) {
        case 'claimed':
          return next.handle().pipe(
            mergeMap((body) => from(this.remember(actorId, key, response, body))),
            catchError((error) => from(this.store.release(actorId, key).then(() => Promise.reject(error)))),
          );
        case 'mismatch':
          throw new UnprocessableEntityException('This Idempotency-Key was used with a different request body');
        case 'replay':
          return from(Promise.resolve(replay(response, claim.response)));
        case 'in-progress':
          if (Date.now() > deadline) throw new ConflictException('A request with this Idempotency-Key is still being processed');
          await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  private async remember(actorId: string, key: string, response: Response, body: unknown): Promise<unknown> {
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.flatMap((name) => {
        const value = response.getHeader(name);
        return value === undefined ? [] : [[name, String(value)]];
      }),
    );
    const stored: StoredResponse = { status: response.statusCode, headers, body };
    await this.store.complete(actorId, key, stored);
    return body;
  }
}

function replay(response: Response, stored: StoredResponse): unknown {
  response.status(stored.status);
  for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
  response.setHeader('Idempotent-Replayed', 'true');
  return stored.body;
}
