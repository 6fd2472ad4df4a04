import { Module } from '@nestjs/common';
import { ProcessesReadController } from './processes-read.controller.js';
import { ProcessesQueries } from './processes.queries.js';
import { ProcessesProjection } from './processes.projection.js';

@Module({
  providers: [ProcessesProjection, ProcessesQueries],
  controllers: [ProcessesReadController],
  exports: [ProcessesProjection],
})
export class ProcessesReadModule {}
