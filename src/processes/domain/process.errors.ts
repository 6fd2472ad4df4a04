import { ApplicationError, type ErrorKind, type FieldError } from '../../errors/application-error.js';

export type DomainErrorKind = Extract<ErrorKind, 'validation' | 'not-found' | 'conflict'>;

// One table so the code list and each code's kind cannot drift apart.
const KINDS = {
  'unknown-command': 'validation',
  'invalid-id': 'validation',
  'title-required': 'validation',
  'title-too-long': 'validation',
  'text-too-long': 'validation',
  'invalid-text': 'validation',
  'reason-required': 'validation',
  'rationale-required': 'validation',
  'invalid-review-due-at': 'validation',
  'unknown-milestone-kind': 'validation',
  'unknown-stakeholder-group': 'validation',
  'unknown-building-block': 'validation',
  'invalid-calendar-date': 'validation',
  'ends-before-occurs': 'validation',
  'invalid-visibility': 'validation',
  'invalid-source-url': 'validation',
  'invalid-document-symbol': 'validation',
  'invalid-translations': 'validation',
  'invalid-flag': 'validation',
  'empty-correction': 'validation',
  'unknown-correction-field': 'validation',
  'invalid-rating': 'validation',
  'evidence-not-found': 'validation',
  'evidence-retracted': 'validation',
  'unknown-deadline-kind': 'validation',
  'invalid-due-at': 'validation',
  'unknown-time-zone': 'validation',
  'invalid-reminder-offset': 'validation',
  'too-many-reminders': 'validation',
  'duplicate-reminder-offset': 'validation',
  'deadline-unchanged': 'validation',
  'invalid-channel': 'validation',
  'unsupported-language': 'validation',
  'invalid-encrypted-value': 'validation',
  'invalid-count': 'validation',
  'process-not-found': 'not-found',
  'milestone-not-found': 'not-found',
  'deadline-not-found': 'not-found',
  'subscription-not-found': 'not-found',
  'process-already-opened': 'conflict',
  'duplicate-id': 'conflict',
  'milestone-retracted': 'conflict',
  'deadline-closed': 'conflict',
  'subscription-ended': 'conflict',
} as const satisfies Record<string, DomainErrorKind>;

/** Each reminder channel names its own address refusal (`invalid-email-address`): always a validation error. */
export type ChannelAddressCode = `invalid-${string}-address`;

export type DomainErrorCode = keyof typeof KINDS | ChannelAddressCode;

export const DOMAIN_ERROR_CODES = Object.keys(KINDS) as readonly DomainErrorCode[];

const KIND_OF: Readonly<Record<string, DomainErrorKind>> = KINDS;

export function domainErrorKind(code: DomainErrorCode): DomainErrorKind {
  return KIND_OF[code] ?? 'validation';
}

export class DomainError extends ApplicationError {
  override readonly name = 'DomainError';
  readonly kind: DomainErrorKind;
  override readonly fieldErrors?: readonly FieldError[];

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The body field at fault, as a path: `changes.endsOn`, `evidence[2]`. */
    readonly field?: string,
  ) {
    super(message);
    this.kind = domainErrorKind(code);
    if (field !== undefined) this.fieldErrors = [{ field, message }];
  }
}
