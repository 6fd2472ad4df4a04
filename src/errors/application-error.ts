/** The class of answer an error calls for; the HTTP edge maps each kind to one status. */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'unavailable';

/** One bad field of a request body, query or header. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error the caller can act on: a stable `code` to branch on and a `kind`. Every feature's errors
 * extend it, so the edge that turns errors into answers needs to know no feature; the title people
 * read is the catalogue's `problem.<code>`, in their language.
 */
export abstract class ApplicationError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  /** The fields at fault, when the error is about some. */
  readonly fieldErrors?: readonly FieldError[];
  /** When the same request may be tried again, in seconds. */
  readonly retryAfterSeconds?: number;
}

/** A request that is wrong before any domain rule is asked: shape, types, unknown fields, headers. */
export class RequestValidationError extends ApplicationError {
  override readonly name = 'RequestValidationError';
  readonly code = 'invalid-request';
  readonly kind = 'validation';

  constructor(
    override readonly fieldErrors: readonly FieldError[],
    detail = fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
  ) {
    super(detail);
  }
}
