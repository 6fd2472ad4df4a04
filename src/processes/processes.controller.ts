import { Body, Controller, Delete, HttpCode, Param, Post, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../auth/access.decorator.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { IdempotencyInterceptor } from '../http/idempotency/idempotency.interceptor.js';
import { uuidParam } from '../http/uuid-param.pipe.js';
import type { WriteContext } from '../event-store/write-context.js';
import { CurrentWrite } from '../http/write-request.decorator.js';
import { written } from '../http/write-response.js';
import { AddSubscriptionCommand } from './commands/add-subscription/add-subscription.command.js';
import { AddSubscriptionDto } from './commands/add-subscription/add-subscription.dto.js';
import { AssessBuildingBlockCommand } from './commands/assess-building-block/assess-building-block.command.js';
import { AssessBuildingBlockDto } from './commands/assess-building-block/assess-building-block.dto.js';
import { CancelDeadlineCommand } from './commands/cancel-deadline/cancel-deadline.command.js';
import { CancelDeadlineDto } from './commands/cancel-deadline/cancel-deadline.dto.js';
import { CorrectMilestoneCommand } from './commands/correct-milestone/correct-milestone.command.js';
import { CorrectMilestoneDto } from './commands/correct-milestone/correct-milestone.dto.js';
import { EndSubscriptionCommand } from './commands/end-subscription/end-subscription.command.js';
import { LogMilestoneCommand } from './commands/log-milestone/log-milestone.command.js';
import { LogMilestoneDto } from './commands/log-milestone/log-milestone.dto.js';
import { MarkDeadlineMetCommand } from './commands/mark-deadline-met/mark-deadline-met.command.js';
import { MoveDeadlineCommand } from './commands/move-deadline/move-deadline.command.js';
import { MoveDeadlineDto } from './commands/move-deadline/move-deadline.dto.js';
import { OpenProcessCommand } from './commands/open-process/open-process.command.js';
import { OpenProcessDto } from './commands/open-process/open-process.dto.js';
import { RetractMilestoneCommand } from './commands/retract-milestone/retract-milestone.command.js';
import { RetractMilestoneDto } from './commands/retract-milestone/retract-milestone.dto.js';
import { SetDeadlineCommand } from './commands/set-deadline/set-deadline.command.js';
import { SetDeadlineDto } from './commands/set-deadline/set-deadline.dto.js';
import { WriteResponseDto } from './dto/write-response.dto.js';

/** The write side of the contract: every route sends one command through the CommandBus. */
@ApiProblems()
@ApiTags('processes: writes')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'Write only while the process is at this version: "n" (412 otherwise)' })
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description:
    'Up to 255 characters: the same key and body answer the first response again (with Idempotent-Replayed: true, without a webhook secret), for IDEMPOTENCY_RETENTION_HOURS (24 by default)',
})
@ApiCreatedResponse({ type: WriteResponseDto, description: 'Written; the ETag header holds the new version' })
@UseInterceptors(IdempotencyInterceptor)
@Access('write')
@Controller('api/processes')
export class ProcessesController {
  constructor(private readonly commands: CommandBus) {}

  @ApiOperation({ summary: 'Open a review process (editors, admins)' })
  @Post()
  async open(@Body() body: OpenProcessDto, @CurrentWrite() write: WriteContext, @Res({ passthrough: true }) res: Response) {
    return written(res, await this.commands.execute(new OpenProcessCommand(body, write)));
  }

  @ApiOperation({ summary: 'Log a milestone: a consultation, meeting, submission, report… (editors, admins)' })
  @Post(':id/milestones')
  async logMilestone(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: LogMilestoneDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new LogMilestoneCommand(id, body, write)));
  }

  @ApiOperation({ summary: 'Correct fields of a milestone; the history keeps both (editors, admins)' })
  @Post(':id/milestones/:milestoneId/corrections')
  async correctMilestone(
    @Param('id', uuidParam('id')) id: string,
    @Param('milestoneId', uuidParam('milestoneId')) milestoneId: string,
    @Body() body: CorrectMilestoneDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new CorrectMilestoneCommand(id, milestoneId, body, write)));
  }

  @ApiOperation({ summary: 'Retract a milestone: it leaves the timeline, stays in the audit (editors, admins)' })
  @Post(':id/milestones/:milestoneId/retraction')
  async retractMilestone(
    @Param('id', uuidParam('id')) id: string,
    @Param('milestoneId', uuidParam('milestoneId')) milestoneId: string,
    @Body() body: RetractMilestoneDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new RetractMilestoneCommand(id, milestoneId, body, write)));
  }

  @ApiOperation({ summary: 'Assess a building block, citing milestones as evidence (editors, admins)' })
  @Post(':id/assessments')
  async assess(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AssessBuildingBlockDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new AssessBuildingBlockCommand(id, body, write)));
  }

  @ApiOperation({ summary: 'Set a deadline with its reminders (editors, admins)' })
  @Post(':id/deadlines')
  async setDeadline(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SetDeadlineDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new SetDeadlineCommand(id, body, write)));
  }

  @ApiOperation({ summary: 'Move a deadline: its pending reminders follow (editors, admins)' })
  @Post(':id/deadlines/:deadlineId/moves')
  async moveDeadline(
    @Param('id', uuidParam('id')) id: string,
    @Param('deadlineId', uuidParam('deadlineId')) deadlineId: string,
    @Body() body: MoveDeadlineDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new MoveDeadlineCommand(id, deadlineId, body, write)));
  }

  @ApiOperation({ summary: 'Mark a deadline met: no more reminders (editors, admins)' })
  @Post(':id/deadlines/:deadlineId/completion')
  async markDeadlineMet(
    @Param('id', uuidParam('id')) id: string,
    @Param('deadlineId', uuidParam('deadlineId')) deadlineId: string,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new MarkDeadlineMetCommand(id, deadlineId, write)));
  }

  @ApiOperation({ summary: 'Cancel a deadline: no more reminders (editors, admins)' })
  @Post(':id/deadlines/:deadlineId/cancellation')
  async cancelDeadline(
    @Param('id', uuidParam('id')) id: string,
    @Param('deadlineId', uuidParam('deadlineId')) deadlineId: string,
    @Body() body: CancelDeadlineDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new CancelDeadlineCommand(id, deadlineId, body, write)));
  }

  @ApiOperation({ summary: 'Subscribe an e-mail address or a webhook to reminders; a webhook secret is shown once (admins)' })
  @Access('admin')
  @Post(':id/subscriptions')
  async subscribe(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AddSubscriptionDto,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new AddSubscriptionCommand(id, body, write)));
  }

  @ApiOperation({ summary: 'End a subscription (admins)' })
  @Access('admin')
  @Delete(':id/subscriptions/:subscriptionId')
  @HttpCode(201)
  async unsubscribe(
    @Param('id', uuidParam('id')) id: string,
    @Param('subscriptionId', uuidParam('subscriptionId')) subscriptionId: string,
    @CurrentWrite() write: WriteContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return written(res, await this.commands.execute(new EndSubscriptionCommand(id, subscriptionId, write)));
  }
}
