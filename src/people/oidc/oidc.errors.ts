import { ApplicationError, type ErrorKind } from '../../errors/application-error.js';

// One table so the code list and each code's kind cannot drift apart.
const KINDS = {
  'oidc-not-configured': 'not-found',
  'oidc-unavailable': 'unavailable',
  'oidc-invalid-return-to': 'validation',
} as const satisfies Record<string, ErrorKind>;

export type OidcErrorCode = keyof typeof KINDS;

/** Sign-in with the organisation's provider cannot begin: it is not set up, or cannot be reached. */
export class OidcError extends ApplicationError {
  override readonly name = 'OidcError';
  readonly kind: (typeof KINDS)[OidcErrorCode];
  override readonly retryAfterSeconds?: number;

  constructor(
    readonly code: OidcErrorCode,
    message: string,
  ) {
    super(message);
    this.kind = KINDS[code];
    if (this.kind === 'unavailable') this.retryAfterSeconds = 30;
  }
}

/** Why a return from the provider signs no one in; the page it lands on says so by this code. */
export type OidcRefusalCode = 'oidc-attempt-unknown' | 'oidc-rejected' | 'oidc-email-unverified' | 'oidc-unknown-person' | 'oidc-person-deactivated';

/** A return from the provider that signs no one in: answered by a redirect to the sign-in page, not a problem document. */
export class OidcRefusal extends Error {
  override readonly name = 'OidcRefusal';

  constructor(
    readonly code: OidcRefusalCode,
    message: string,
  ) {
    super(message);
  }
}
