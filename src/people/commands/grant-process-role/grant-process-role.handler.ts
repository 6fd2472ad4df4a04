import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decidePerson } from '../../domain/person.decisions.js';
import { PersonRepository } from '../../person.repository.js';
import { GrantProcessRoleCommand } from './grant-process-role.command.js';

@CommandHandler(GrantProcessRoleCommand)
export class GrantProcessRoleHandler implements ICommandHandler<GrantProcessRoleCommand> {
  constructor(private readonly people: PersonRepository) {}

  async execute({ personId, processId, role, write }: GrantProcessRoleCommand) {
    return this.people.execute(personId, (state) => decidePerson({ type: 'GrantProcessRole', processId, role }, state), write);
  }
}
