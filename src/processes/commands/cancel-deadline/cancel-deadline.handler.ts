import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { CancelDeadlineCommand } from './cancel-deadline.command.js';

@CommandHandler(CancelDeadlineCommand)
export class CancelDeadlineHandler implements ICommandHandler<CancelDeadlineCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  execute({ processId, deadlineId, body, write }: CancelDeadlineCommand) {
    return this.processes.execute(processId, (state) => decide({ type: 'CancelDeadline', deadlineId, ...body }, state), write);
  }
}
