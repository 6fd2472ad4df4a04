/** One bad field of a request body, query or header. */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, the body of every 4xx and 5xx answer. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  health?: object;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `urn:treaty-review-tracker:problem:${code}`;
}

/** A request that is wrong before any domain rule is asked: shape, types, unknown fields, headers. */
export class RequestValidationError extends Error {
  readonly code = 'invalid-request';

  constructor(
    readonly errors: FieldError[],
    detail = errors.map((e) => `${e.field}: ${e.message}`).join('; '),
  ) {
    super(detail);
    this.name = 'RequestValidationError';
  }
}
