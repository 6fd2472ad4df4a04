import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { OpenProcessCommand } from './open-process.command.js';

@CommandHandler(OpenProcessCommand)
export class OpenProcessHandler implements ICommandHandler<OpenProcessCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  async execute({ body, write }: OpenProcessCommand) {
    const processId = randomUUID();
    return this.processes.execute(processId, (state) => decide({ type: 'OpenProcess', processId, ...body }, state), write, { id: processId });
  }
}
