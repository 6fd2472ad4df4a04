import { createParamDecorator, ForbiddenException, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../../auth/access.decorator.js';

/** The person the request acts for; 403 for a token that acts for nobody (made before people, or the bootstrap token). */
export const CurrentPerson = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const personId = context.switchToHttp().getRequest<AuthenticatedRequest>().principal?.personId;
  if (personId === undefined) throw new ForbiddenException('This token acts for no person: sign in, or use a token made from your profile');
  return personId;
});
