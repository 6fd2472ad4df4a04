import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { CorrectMilestoneCommand } from './correct-milestone.command.js';

@CommandHandler(CorrectMilestoneCommand)
export class CorrectMilestoneHandler implements ICommandHandler<CorrectMilestoneCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  execute({ processId, milestoneId, body, write }: CorrectMilestoneCommand) {
    return this.processes.execute(processId, (state) => decide({ type: 'CorrectMilestone', milestoneId, ...body }, state), write);
  }
}
