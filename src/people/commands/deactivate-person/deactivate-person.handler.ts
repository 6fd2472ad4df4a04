import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TokenService } from '../../../auth/token.service.js';
import { alsoCommitting } from '../../../event-store/write-context.js';
import { AdminSuccession } from '../../admin-succession.js';
import { decidePerson } from '../../domain/person.decisions.js';
import type { PersonEvent } from '../../domain/person.events.js';
import type { PersonState } from '../../domain/person.state.js';
import { PersonRepository } from '../../person.repository.js';
import { SignInLinks } from '../../sign-in-links.js';
import { DeactivatePersonCommand } from './deactivate-person.command.js';

/** The deactivation, then a revocation of every token still live: a deactivated person holds none. */
function deactivation(state: PersonState, reason: string | undefined): PersonEvent[] {
  const live = [...state.tokens].filter(([, token]) => !token.revoked).map(([tokenId]) => tokenId);
  return [...decidePerson({ type: 'DeactivatePerson', reason }, state), ...live.flatMap((tokenId) => decidePerson({ type: 'RevokeApiToken', tokenId }, state))];
}

@CommandHandler(DeactivatePersonCommand)
export class DeactivatePersonHandler implements ICommandHandler<DeactivatePersonCommand> {
  constructor(
    private readonly people: PersonRepository,
    private readonly admins: AdminSuccession,
    private readonly tokens: TokenService,
    private readonly links: SignInLinks,
  ) {}

  async execute({ personId, reason, write, forErasure }: DeactivatePersonCommand) {
    // Every row of theirs, recorded by an event or not: none may outlive the deactivation.
    const withRows = alsoCommitting(write, (db) => this.tokens.revokeEveryOwnedBy(db, personId));
    const change = () => this.people.execute(personId, (state) => deactivation(state, reason), withRows);
    const result = await (forErasure ? change() : this.admins.keepingAnAdmin(personId, change));
    await this.links.revokeAllOf(personId);
    return result;
  }
}
