import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { MarkDeadlineMetCommand } from './mark-deadline-met.command.js';

@CommandHandler(MarkDeadlineMetCommand)
export class MarkDeadlineMetHandler implements ICommandHandler<MarkDeadlineMetCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  execute({ processId, deadlineId, write }: MarkDeadlineMetCommand) {
    return this.processes.execute(processId, (state) => decide({ type: 'MarkDeadlineMet', deadlineId }, state), write);
  }
}
