import { ParseUUIDPipe } from '@nestjs/common';
import { RequestValidationError } from '../errors/application-error.js';

/** Ids in paths are UUIDs; anything else is a 400 naming the parameter. */
export const uuidParam = (name: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field: name, message: 'must be a UUID' }]) });
