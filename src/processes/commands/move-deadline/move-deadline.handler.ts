import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { MoveDeadlineCommand } from './move-deadline.command.js';

@CommandHandler(MoveDeadlineCommand)
export class MoveDeadlineHandler implements ICommandHandler<MoveDeadlineCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  execute({ processId, deadlineId, body, write }: MoveDeadlineCommand) {
    return this.processes.execute(processId, (state) => decide({ type: 'MoveDeadline', deadlineId, ...body }, state), write);
  }
}
