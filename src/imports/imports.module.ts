import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ProcessesModule } from '../processes/processes.module.js';
import { ApplyImportHandler } from './commands/apply-import/apply-import.handler.js';
import { ImportPreviewer } from './import-previewer.js';
import { ImportsController } from './imports.controller.js';
import { ImportsStore } from './imports.store.js';

@Module({
  imports: [CqrsModule, ProcessesModule],
  controllers: [ImportsController],
  providers: [ImportsStore, ImportPreviewer, ApplyImportHandler],
  exports: [ImportPreviewer, ImportsStore],
})
export class ImportsModule {}
