import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decidePerson } from '../../domain/person.decisions.js';
import { PersonError } from '../../domain/person.errors.js';
import { PersonRepository } from '../../person.repository.js';
import { ChangeProfileCommand } from './change-profile.command.js';

@CommandHandler(ChangeProfileCommand)
export class ChangeProfileHandler implements ICommandHandler<ChangeProfileCommand> {
  constructor(private readonly people: PersonRepository) {}

  async execute({ personId, body, write }: ChangeProfileCommand) {
    const { displayName, language } = body;
    if (displayName === undefined && language === undefined) throw new PersonError('nothing-to-change', 'Send displayName, language or both');
    return this.people.execute(personId, (state) => decidePerson({ type: 'ChangeProfile', displayName, language }, state), write);
  }
}
