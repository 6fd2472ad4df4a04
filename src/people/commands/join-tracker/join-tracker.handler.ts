import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decidePerson } from '../../domain/person.decisions.js';
import { PersonRepository } from '../../person.repository.js';
import { JoinTrackerCommand } from './join-tracker.command.js';

@CommandHandler(JoinTrackerCommand)
export class JoinTrackerHandler implements ICommandHandler<JoinTrackerCommand> {
  constructor(private readonly people: PersonRepository) {}

  async execute({ personId, via, write }: JoinTrackerCommand) {
    return this.people.execute(personId, (state) => decidePerson({ type: 'JoinTracker', via }, state), write);
  }
}
