import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataVault } from '../../../privacy/personal-data-vault.js';
import { isEmailAddress } from '../../../channels/email/email-address.js';
import { decidePerson } from '../../domain/person.decisions.js';
import { PersonError } from '../../domain/person.errors.js';
import { LinkMail } from '../../sign-in/link-mail.js';
import { personIdFor } from '../../person-stream.js';
import { PersonRepository } from '../../person.repository.js';
import { InvitePersonCommand } from './invite-person.command.js';

@CommandHandler(InvitePersonCommand)
export class InvitePersonHandler implements ICommandHandler<InvitePersonCommand> {
  constructor(
    private readonly people: PersonRepository,
    private readonly vault: PersonalDataVault,
    private readonly mail: LinkMail,
  ) {}

  async execute({ body, write }: InvitePersonCommand) {
    const address = body.email.trim();
    // Checked before the vault is asked, so a bad address leaves no key behind.
    if (!isEmailAddress(address)) throw new PersonError('invalid-email-address', 'email must be an e-mail address', 'email');
    const { subjectId, encrypted } = await this.vault.protect(address);
    // One stream per address: a second invitation of it finds the stream and is refused.
    const personId = personIdFor(subjectId);
    const invite = { type: 'InvitePerson', personId, subjectId, email: encrypted, displayName: body.displayName, language: body.language, role: body.role, processRoles: body.processRoles } as const;
    const result = await this.people.execute(personId, (state) => decidePerson(invite, state), write, { personId });
    const invitationSent = await this.mail.send('invitation', { personId, address, displayName: body.displayName.trim(), language: body.language, role: body.role });
    return { ...result, invitationSent };
  }
}
