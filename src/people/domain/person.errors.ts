import { ApplicationError, type ErrorKind, type FieldError } from '../../errors/application-error.js';

// One table so the code list and each code's kind cannot drift apart.
const KINDS = {
  'invalid-person-id': 'validation',
  'invalid-email-address': 'validation',
  'display-name-required': 'validation',
  'display-name-too-long': 'validation',
  'unsupported-language': 'validation',
  'unknown-role': 'validation',
  'invalid-process-id': 'validation',
  'token-name-required': 'validation',
  'token-name-too-long': 'validation',
  'token-role-above-person': 'validation',
  'token-role-above-caller': 'validation',
  'nothing-to-change': 'validation',
  'person-not-found': 'not-found',
  'token-not-found': 'not-found',
  'process-role-not-found': 'not-found',
  'person-already-invited': 'conflict',
  'person-deactivated': 'conflict',
  'person-already-active': 'conflict',
  'person-not-deactivated': 'conflict',
  'token-revoked': 'conflict',
  'last-admin': 'conflict',
} as const satisfies Record<string, Extract<ErrorKind, 'validation' | 'not-found' | 'conflict'>>;

export type PersonErrorCode = keyof typeof KINDS;

/** A rule of the people domain that a command broke. */
export class PersonError extends ApplicationError {
  override readonly name = 'PersonError';
  readonly kind: (typeof KINDS)[PersonErrorCode];
  override readonly fieldErrors?: readonly FieldError[];

  constructor(
    readonly code: PersonErrorCode,
    message: string,
    /** The body field at fault. */
    readonly field?: string,
  ) {
    super(message);
    this.kind = KINDS[code];
    if (field !== undefined) this.fieldErrors = [{ field, message }];
  }
}
