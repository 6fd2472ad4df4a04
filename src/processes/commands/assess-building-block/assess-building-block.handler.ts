import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { decide } from '../../domain/process.decisions.js';
import { ProcessRepository } from '../../process.repository.js';
import { AssessBuildingBlockCommand } from './assess-building-block.command.js';

@CommandHandler(AssessBuildingBlockCommand)
export class AssessBuildingBlockHandler implements ICommandHandler<AssessBuildingBlockCommand> {
  constructor(private readonly processes: ProcessRepository) {}

  async execute({ processId, body, write }: AssessBuildingBlockCommand) {
    const assessmentId = randomUUID();
    return this.processes.execute(processId, (state) => decide({ type: 'AssessBuildingBlock', assessmentId, ...body }, state), write, { assessmentId });
  }
}
