import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TokenService } from '../../../auth/token.service.js';
import { alsoCommitting } from '../../../event-store/write-context.js';
import { decidePerson } from '../../domain/person.decisions.js';
import { PersonRepository } from '../../person.repository.js';
import { RevokeApiTokenCommand } from './revoke-api-token.command.js';

@CommandHandler(RevokeApiTokenCommand)
export class RevokeApiTokenHandler implements ICommandHandler<RevokeApiTokenCommand> {
  constructor(
    private readonly people: PersonRepository,
    private readonly tokens: TokenService,
  ) {}

  async execute({ personId, tokenId, write }: RevokeApiTokenCommand) {
    const withRow = alsoCommitting(write, (db) => this.tokens.revokeOwned(db, personId, tokenId));
    return this.people.execute(personId, (state) => decidePerson({ type: 'RevokeApiToken', tokenId }, state), withRow);
  }
}
