import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { RetractMilestoneCommand } from './retract-milestone.command.js';

@CommandHandler(RetractMilestoneCommand)
export class RetractMilestoneHandler implements ICommandHandler<RetractMilestoneCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  execute({ processId, milestoneId, body, write }: RetractMilestoneCommand) {
    return this.processes.execute(processId, (state) => decide({ type: 'RetractMilestone', milestoneId, ...body }, state), write);
  }
}
