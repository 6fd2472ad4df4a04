import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../auth/roles.js';
import { IDEMPOTENCY_HEADER, type IdempotentRequest, type RecordReply } from './idempotency/idempotency.interceptor.js';
import { RequestValidationError } from './problem-details.js';

/** Everything a command needs to know about the HTTP request that carries it. */
export interface WriteRequest {
  principal: Principal;
  correlationId: string;
  idempotencyKey?: string;
  /** Set when the Idempotency-Key was claimed: the reply must commit with the events. */
  recordReply?: RecordReply;
  /** From `If-Match: "n"`: the write happens only while the stream is at version n. */
  expectedVersion?: number;
}

export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(header);
  if (!match) throw new RequestValidationError([{ field: 'If-Match', message: 'must be a version in quotes, as in the ETag: "12"' }]);
  return Number(match[1]);
}

export const CurrentWrite = createParamDecorator((_: unknown, context: ExecutionContext): WriteRequest => {
  const request = context.switchToHttp().getRequest<IdempotentRequest & { id?: unknown }>();
  const key = request.headers[IDEMPOTENCY_HEADER];
  return {
    principal: request.principal!,
    correlationId: String(request.id),
    idempotencyKey: typeof key === 'string' ? key : undefined,
    recordReply: request.recordReply,
    expectedVersion: parseIfMatch(request.headers['if-match']),
  };
});
