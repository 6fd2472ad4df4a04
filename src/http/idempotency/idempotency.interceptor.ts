import { ConflictException, HttpStatus, Injectable, UnprocessableEntityException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { catchError, from, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../../auth/access.decorator.js';
import type { WriteContext, WriteResult } from '../../event-store/write-context.js';
import { RequestValidationError } from '../../errors/application-error.js';
import { etagOf } from '../write-response.js';
import { IdempotencyStore, type IdempotencyClaim, type StoredResponse } from '../../idempotency/idempotency.store.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const WAIT_FOR_FIRST_MS = 10_000;

/** Records the reply of a write in the transaction that appends its events. */
export type RecordReply = NonNullable<WriteContext['recordReply']>;

/** A request whose Idempotency-Key this interceptor claimed: the write records its reply through this. */
export type IdempotentRequest = AuthenticatedRequest & { recordReply?: RecordReply };

/** `Idempotency-Key`: the same key and body answer the first response again and write nothing. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
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
          request.recordReply = (db, reply) => this.record(db, claim.claim, reply);
          // A write that committed recorded its reply with it, so releasing after a later failure frees nothing.
          return next.handle().pipe(catchError((error) => from(this.store.release(claim.claim).then(() => Promise.reject(error)))));
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

  /** Every write answers 201 with its version as ETag; the reply recorded is what a replay answers. */
  private async record(db: PoolClient, claim: IdempotencyClaim, reply: WriteResult): Promise<void> {
    const stored: StoredResponse = { status: HttpStatus.CREATED, headers: { etag: etagOf(reply.version) }, body: reply };
    if (!(await this.store.record(db, claim, stored))) {
      throw new ConflictException('This request outlived its claim on the Idempotency-Key and another request took it over; nothing was written');
    }
  }
}

function replay(response: Response, stored: StoredResponse): unknown {
  response.status(stored.status);
  for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
  response.setHeader('Idempotent-Replayed', 'true');
  return stored.body;
}
