import { ApplicationError } from '../../errors/application-error.js';

/** One answer for a link that is unknown, used or expired: which of the three is nobody's business. */
export class InvalidSignInLink extends ApplicationError {
  override readonly name = 'InvalidSignInLink';
  readonly code = 'invalid-sign-in-link';
  readonly kind = 'unauthenticated';

  constructor() {
    super('The link is unknown, was used already or has expired: ask for a new one');
  }
}

export class TooManySignInRequests extends ApplicationError {
  override readonly name = 'TooManySignInRequests';
  readonly code = 'too-many-sign-in-requests';
  readonly kind = 'too-many-requests';

  constructor(override readonly retryAfterSeconds: number) {
    super(`Too many sign-in e-mails were asked for this address or from this client: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`);
  }
}
