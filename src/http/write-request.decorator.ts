import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { RequestValidationError } from '../errors/application-error.js';
import type { WriteContext } from '../event-store/write-context.js';
import { IDEMPOTENCY_HEADER, type IdempotentRequest } from './idempotency/idempotency.interceptor.js';

export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*"(\d{1,15})"\s*$/.exec(header);
  if (!match) throw new RequestValidationError([{ field: 'If-Match', message: 'must be a version in quotes, as in the ETag: "12"' }]);
  return Number(match[1]);
}

/** The write side's context of a command, built from the HTTP request that carries it. */
export const CurrentWrite = createParamDecorator((_: unknown, context: ExecutionContext): WriteContext => {
  const request = context.switchToHttp().getRequest<IdempotentRequest & { id?: unknown }>();
  const key = request.headers[IDEMPOTENCY_HEADER];
  const { tokenId, name, role } = request.principal!;
  return {
    actor: { id: tokenId, name, role },
    correlationId: String(request.id),
    idempotencyKey: typeof key === 'string' ? key : undefined,
    recordReply: request.recordReply,
    expectedVersion: parseIfMatch(request.headers['if-match']),
  };
});
