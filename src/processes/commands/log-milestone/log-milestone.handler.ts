import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { LogMilestoneCommand } from './log-milestone.command.js';

@CommandHandler(LogMilestoneCommand)
export class LogMilestoneHandler implements ICommandHandler<LogMilestoneCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  async execute({ processId, body, write }: LogMilestoneCommand) {
    const milestoneId = randomUUID();
    return this.processes.execute(processId, (state) => decide({ type: 'LogMilestone', milestoneId, ...body }, state), write, { milestoneId });
  }
}
