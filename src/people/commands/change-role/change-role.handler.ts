import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AdminSuccession } from '../../admin-succession.js';
import { decidePerson } from '../../domain/person.decisions.js';
import { PersonRepository } from '../../person.repository.js';
import { ChangeRoleCommand } from './change-role.command.js';

@CommandHandler(ChangeRoleCommand)
export class ChangeRoleHandler implements ICommandHandler<ChangeRoleCommand> {
  constructor(
    private readonly people: PersonRepository,
    private readonly admins: AdminSuccession,
  ) {}

  async execute({ personId, role, write }: ChangeRoleCommand) {
    const change = () => this.people.execute(personId, (state) => decidePerson({ type: 'ChangeRole', role }, state), write);
    return role === 'admin' ? change() : this.admins.keepingAnAdmin(personId, change);
  }
}
