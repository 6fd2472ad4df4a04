import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decidePerson } from '../../domain/person.decisions.js';
import { PersonRepository } from '../../person.repository.js';
import { ReactivatePersonCommand } from './reactivate-person.command.js';

@CommandHandler(ReactivatePersonCommand)
export class ReactivatePersonHandler implements ICommandHandler<ReactivatePersonCommand> {
  constructor(private readonly people: PersonRepository) {}

  async execute({ personId, write }: ReactivatePersonCommand) {
    return this.people.execute(personId, (state) => decidePerson({ type: 'ReactivatePerson' }, state), write);
  }
}
