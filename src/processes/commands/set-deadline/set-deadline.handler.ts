import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { SetDeadlineCommand } from './set-deadline.command.js';

@CommandHandler(SetDeadlineCommand)
export class SetDeadlineHandler implements ICommandHandler<SetDeadlineCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  async execute({ processId, body, write }: SetDeadlineCommand) {
    const deadlineId = randomUUID();
    return this.processes.execute(processId, (state) => decide({ type: 'SetDeadline', deadlineId, ...body }, state), write, { deadlineId });
  }
}
