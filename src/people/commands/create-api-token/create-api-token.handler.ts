import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { TokenService } from '../../../auth/token.service.js';
import { alsoCommitting } from '../../../event-store/write-context.js';
import { decidePerson, roleCovers } from '../../domain/person.decisions.js';
import { PersonError } from '../../domain/person.errors.js';
import { PersonRepository } from '../../person.repository.js';
import { CreateApiTokenCommand } from './create-api-token.command.js';

@CommandHandler(CreateApiTokenCommand)
export class CreateApiTokenHandler implements ICommandHandler<CreateApiTokenCommand> {
  constructor(
    private readonly people: PersonRepository,
    private readonly tokens: TokenService,
  ) {}

  async execute({ personId, body, callerRole, write }: CreateApiTokenCommand) {
    const tokenId = randomUUID();
    // Trimmed as the decision records it.
    const name = body.name.trim();
    let token: string | undefined;
    const withRow = alsoCommitting(write, async (db) => {
      token = await this.tokens.insertOwned(db, { id: tokenId, name, role: body.role, personId, createdBy: write.actor.id });
    });
    const result = await this.people.execute(
      personId,
      (state) => {
        const events = decidePerson({ type: 'CreateApiToken', tokenId, name, role: body.role }, state);
        // Otherwise a viewer token of an admin could mint an admin token.
        if (!roleCovers(callerRole, body.role)) {
          throw new PersonError('token-role-above-caller', `A token may not do more than the request that makes it: ${callerRole} cannot give ${body.role}`, 'role');
        }
        return events;
      },
      withRow,
      { tokenId },
    );
    // Shown once: the token is added to this reply only, never to the one kept for Idempotency-Key replays.
    return { ...result, ...(token !== undefined && { token }) };
  }
}
