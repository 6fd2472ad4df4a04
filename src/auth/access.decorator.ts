import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Capability, Principal } from './roles.js';

export const ACCESS_KEY = 'access:capability';

/** The capability a route needs; `public` routes also accept a valid token (and reject a bad one). */
export const Access = (capability: Capability) => SetMetadata(ACCESS_KEY, capability);

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The caller's principal, or undefined on a public route called without a token. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
