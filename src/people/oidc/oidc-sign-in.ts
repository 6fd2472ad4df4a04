import { Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { Sessions } from '../../auth/sessions/sessions.js';
import type { WriteContext } from '../../event-store/write-context.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { isLanguage, type Language } from '../../processes/domain/process.vocabulary.js';
import { DISPLAY_NAME_MAX_LENGTH, decidePerson } from '../domain/person.decisions.js';
import { evolvePerson } from '../domain/person.state.js';
import { personIdFor } from '../person-stream.js';
import { PersonRepository } from '../person.repository.js';
import { TrackerSettingsRepository } from '../tracker-settings/tracker-settings.repository.js';
import { OidcAttempts } from './oidc-attempts.js';
import { OidcClient, type OidcIdentity } from './oidc-client.js';
import { OidcError, OidcRefusal } from './oidc.errors.js';

/** A tracker page to land on: a path of this site, never another site (`//host`, `/\host`). */
const RETURN_TO = /^\/(?![/\\])[^\s\\]{0,2000}$/;

export interface OidcSignedIn {
  personId: string;
  /** The value of the new session's cookie. */
  cookieValue: string;
  returnTo: string;
}

/**
 * Sign-in with the organisation's provider: an invited person joins, an active one signs in, a
 * deactivated one is refused, and an unknown one joins as a viewer only when an admin allowed it.
 */
@Injectable()
export class OidcSignIn {
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    private readonly provider: OidcClient,
    private readonly attempts: OidcAttempts,
    private readonly vault: PersonalDataVault,
    private readonly people: PersonRepository,
    private readonly settings: TrackerSettingsRepository,
    private readonly sessions: Sessions,
  ) {}

  /** Begins an attempt: the provider's page to send the browser to, and the cookie that names the attempt. */
  async begin(returnTo = '/'): Promise<{ url: URL; attemptCookie: string }> {
    if (!RETURN_TO.test(returnTo)) throw new OidcError('oidc-invalid-return-to', 'returnTo must be a path of this site, such as /processes');
    const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    // The provider is asked first: a provider that is down leaves no attempt behind.
    const url = await this.provider.authorizationUrl(checks);
    return { url, attemptCookie: await this.attempts.begin({ ...checks, returnTo }) };
  }

  /** Finishes the attempt the browser's cookie names with what the provider returned; throws OidcRefusal when no one may be signed in. */
  async complete(attemptCookie: string | undefined, callbackUrl: URL, correlationId: string): Promise<OidcSignedIn> {
    const attempt = attemptCookie === undefined ? undefined : await this.attempts.take(attemptCookie);
    if (!attempt) throw new OidcRefusal('oidc-attempt-unknown', 'No sign-in under way in this browser: it expired, was used, or began elsewhere');
    const identity = await this.provider.identify(callbackUrl, attempt);
    if (identity.email === undefined || !identity.emailVerified) {
      throw new OidcRefusal('oidc-email-unverified', 'The provider did not vouch for an e-mail address (email_verified)');
    }
    const personId = await this.admit(identity.email, identity, correlationId);
    return { personId, cookieValue: await this.sessions.start(personId), returnTo: attempt.returnTo };
  }

  private async admit(email: string, identity: OidcIdentity, correlationId: string): Promise<string> {
    const subjectId = await this.vault.subjectOf(email);
    const known = subjectId === undefined ? undefined : await this.people.load(personIdFor(subjectId));
    const state = known?.state;
    if (state?.personId === undefined || state.status === undefined) return this.admitNewcomer(email, identity, correlationId);
    const { personId } = state;
    if (state.status === 'deactivated') throw new OidcRefusal('oidc-person-deactivated', 'This person was deactivated');
    if (state.status === 'invited') {
      await this.people.execute(personId, (current) => decidePerson({ type: 'JoinTracker', via: 'oidc' }, current), {
        actor: { id: personId, name: state.displayName, role: state.role },
        correlationId,
      });
    }
    return personId;
  }

  /** Someone the provider knows and the tracker does not: a viewer when an admin allowed it, else refused. */
  private async admitNewcomer(email: string, identity: OidcIdentity, correlationId: string): Promise<string> {
    const role = (await this.settings.current()).state.oidcNewcomersJoinAs;
    if (role === null) throw new OidcRefusal('oidc-unknown-person', 'This tracker lets in only the people it invited');
    const { subjectId, encrypted } = await this.vault.protect(email);
    const personId = personIdFor(subjectId);
    const displayName = displayNameOf(identity);
    const language = languageOf(identity.locale);
    const write: WriteContext = { actor: { id: personId, name: displayName, role }, correlationId };
    await this.people.execute(
      personId,
      (current) => {
        // Invited (or let in) a moment ago by another request: they join as that says.
        if (current.status !== undefined) return decidePerson({ type: 'JoinTracker', via: 'oidc' }, current);
        const invited = decidePerson({ type: 'InvitePerson', personId, subjectId, email: encrypted, displayName, language, role }, current);
        return [...invited, ...decidePerson({ type: 'JoinTracker', via: 'oidc' }, invited.reduce(evolvePerson, current))];
      },
      write,
    );
    this.logger.log(`A newcomer joined as ${role} through the identity provider: person ${personId}`);
    return personId;
  }
}

/** The name the provider gives; never a part of the address, which is kept only encrypted. */
function displayNameOf(identity: OidcIdentity): string {
  return identity.name?.trim().slice(0, DISPLAY_NAME_MAX_LENGTH) || 'New colleague';
}

/** The provider's `locale` (`fr-CH`, `es`) when the tracker speaks it, else English. */
function languageOf(locale: string | undefined): Language {
  const language = locale?.slice(0, 2).toLowerCase();
  return isLanguage(language) ? language : 'en';
}
