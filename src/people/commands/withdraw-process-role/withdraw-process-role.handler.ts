import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decidePerson } from '../../domain/person.decisions.js';
import { PersonRepository } from '../../person.repository.js';
import { WithdrawProcessRoleCommand } from './withdraw-process-role.command.js';

@CommandHandler(WithdrawProcessRoleCommand)
export class WithdrawProcessRoleHandler implements ICommandHandler<WithdrawProcessRoleCommand> {
  constructor(private readonly people: PersonRepository) {}

  async execute({ personId, processId, write }: WithdrawProcessRoleCommand) {
    return this.people.execute(personId, (state) => decidePerson({ type: 'WithdrawProcessRole', processId }, state), write);
  }
}
