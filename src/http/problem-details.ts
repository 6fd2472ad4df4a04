import type { FieldError } from '../errors/application-error.js';

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
