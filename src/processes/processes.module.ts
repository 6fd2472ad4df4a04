import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ChannelsModule } from '../channels/channels.module.js';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { AddSubscriptionHandler } from './commands/add-subscription/add-subscription.handler.js';
import { AssessBuildingBlockHandler } from './commands/assess-building-block/assess-building-block.handler.js';
import { CancelDeadlineHandler } from './commands/cancel-deadline/cancel-deadline.handler.js';
import { CorrectMilestoneHandler } from './commands/correct-milestone/correct-milestone.handler.js';
import { EndSubscriptionHandler } from './commands/end-subscription/end-subscription.handler.js';
import { LogMilestoneHandler } from './commands/log-milestone/log-milestone.handler.js';
import { MarkDeadlineMetHandler } from './commands/mark-deadline-met/mark-deadline-met.handler.js';
import { MoveDeadlineHandler } from './commands/move-deadline/move-deadline.handler.js';
import { OpenProcessHandler } from './commands/open-process/open-process.handler.js';
import { RetractMilestoneHandler } from './commands/retract-milestone/retract-milestone.handler.js';
import { SetDeadlineHandler } from './commands/set-deadline/set-deadline.handler.js';
import { ProcessQueriesController } from './process-queries.controller.js';
import { ProcessRepository } from './process.repository.js';
import { ProcessesController } from './processes.controller.js';

const COMMAND_HANDLERS = [
  OpenProcessHandler,
  LogMilestoneHandler,
  CorrectMilestoneHandler,
  RetractMilestoneHandler,
  AssessBuildingBlockHandler,
  SetDeadlineHandler,
  MoveDeadlineHandler,
  MarkDeadlineMetHandler,
  CancelDeadlineHandler,
  AddSubscriptionHandler,
  EndSubscriptionHandler,
];

@Module({
  imports: [CqrsModule, IdempotencyModule, ChannelsModule],
  controllers: [ProcessesController, ProcessQueriesController],
  providers: [ProcessRepository, IdempotencyInterceptor, ...COMMAND_HANDLERS],
  exports: [ProcessRepository, IdempotencyModule],
})
export class ProcessesModule {}
