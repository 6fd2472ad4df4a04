import { Injectable, Logger } from '@nestjs/common';
import type { Role } from '../../auth/roles.js';
import { Sessions } from '../../auth/sessions/sessions.js';
import type { WriteContext } from '../../event-store/write-context.js';
import { normalizeAddress, PersonalDataVault } from '../../privacy/personal-data-vault.js';
import type { Language } from '../../processes/domain/process.vocabulary.js';
import { decidePerson } from '../domain/person.decisions.js';
import { evolvePerson } from '../domain/person.state.js';
import { personIdFor } from '../person-stream.js';
import { PersonRepository } from '../person.repository.js';
import { SignInLinks } from '../sign-in-links.js';
import { LinkMail } from './link-mail.js';
import { SignInRequests } from './sign-in-requests.js';
import { InvalidSignInLink, TooManySignInRequests } from './sign-in.errors.js';

/** Who a sign-in let in, and the value of their new session's cookie. */
export interface SignedIn {
  cookieValue: string;
  personId: string;
  displayName: string;
  role: Role;
}

export interface FirstAdmin {
  email: string;
  displayName: string;
  language: Language;
}

/** Signing in without a password: links by e-mail, invitations, and the first admin's link. */
@Injectable()
export class SignIn {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly vault: PersonalDataVault,
    private readonly people: PersonRepository,
    private readonly links: SignInLinks,
    private readonly sessions: Sessions,
    private readonly mail: LinkMail,
    private readonly requests: SignInRequests,
  ) {}

  /** Counts the request, then e-mails a link if the address is a person's; the caller learns nothing either way. */
  async requestLink(address: string, client: string): Promise<void> {
    const retryAfter = await this.requests.admit(address, client);
    if (retryAfter !== undefined) throw new TooManySignInRequests(retryAfter);
    // Not awaited: a known address must not answer slower than an unknown one.
    void this.sendLink(normalizeAddress(address)).catch((error: unknown) => this.logger.error(`Sign-in e-mail not sent: ${(error as Error).message}`));
  }

  /** Consumes a sign-in or invitation link; an invited person joins with it. */
  async useLink(token: string, correlationId: string): Promise<SignedIn> {
    const link = await this.links.consume(token, ['sign-in', 'invitation']);
    if (!link?.personId) throw new InvalidSignInLink();
    const personId = link.personId;
    const { state } = await this.people.load(personId);
    if (state.status === undefined || state.status === 'deactivated') throw new InvalidSignInLink();
    if (state.status === 'invited') {
      await this.people.execute(personId, (current) => decidePerson({ type: 'JoinTracker', via: 'email-link' }, current), {
        actor: { id: personId, name: state.displayName, role: state.role },
        correlationId,
      });
    }
    return { cookieValue: await this.sessions.start(personId), personId, displayName: state.displayName, role: state.role };
  }

  /** The first admin, from the link the first start printed: invited as admin and joined in one append. */
  async firstAdmin(token: string, admin: FirstAdmin, correlationId: string): Promise<SignedIn> {
    if (!(await this.links.consume(token, ['first-admin']))) throw new InvalidSignInLink();
    const { subjectId, encrypted } = await this.vault.protect(admin.email);
    const personId = personIdFor(subjectId);
    const write: WriteContext = { actor: { id: 'first-start', name: admin.displayName, role: 'admin' }, correlationId };
    await this.people.execute(
      personId,
      (state) => {
        const invited = decidePerson(
          { type: 'InvitePerson', personId, subjectId, email: encrypted, displayName: admin.displayName, language: admin.language, role: 'admin' },
          state,
        );
        return [...invited, ...decidePerson({ type: 'JoinTracker', via: 'first-start' }, invited.reduce(evolvePerson, state))];
      },
      write,
    );
    const { state } = await this.people.load(personId);
    return { cookieValue: await this.sessions.start(personId), personId, displayName: state.displayName, role: state.role };
  }

  private async sendLink(address: string): Promise<void> {
    const subjectId = await this.vault.subjectOf(address);
    if (subjectId === undefined) return;
    const personId = personIdFor(subjectId);
    const { state } = await this.people.load(personId);
    if (state.status !== 'active' && state.status !== 'invited') return;
    await this.mail.send('sign-in', { personId, address, displayName: state.displayName, language: state.language, role: state.role });
  }
}
