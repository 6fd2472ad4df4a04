import { Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { ApplicationError } from '../errors/application-error.js';
import { EventStore } from '../event-store/event-store.js';
import type { WriteContext } from '../event-store/write-context.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { CurrentWrite } from '../http/write-request.decorator.js';
import { processStreamId } from '../processes/process-stream.js';
import { DemoSeed } from './demo-seed.js';

export class TrackerNotEmpty extends ApplicationError {
  override readonly name = 'TrackerNotEmpty';
  readonly code = 'tracker-not-empty';
  readonly kind = 'conflict';

  constructor() {
    super('The tracker holds a process already: the demo loads only into an empty tracker');
  }
}

export class DemoResultDto {
  @ApiProperty({ format: 'uuid', description: 'The demo process' })
  processId: string;

  @ApiProperty({ example: 'Review of General Assembly resolution 68/268' })
  title: string;

  @ApiProperty({ description: 'Events written' })
  appended: number;

  @ApiProperty()
  milestones: number;

  @ApiProperty()
  deadlines: number;

  @ApiProperty()
  assessments: number;

  @ApiProperty({ description: 'The process stream version after the load' })
  version: number;

  @ApiPropertyOptional({ description: 'Global position of the last event written: pass it as minPosition to read the demo' })
  position?: number;
}

@ApiProblems()
@ApiTags('processes: writes')
@ApiBearerAuth()
@Controller('api/demo')
export class DemoController {
  constructor(
    private readonly demo: DemoSeed,
    private readonly store: EventStore,
  ) {}

  @ApiOperation({ summary: 'Load the 2009–2022 demo (what npm run seed loads) into a tracker that has no process yet; 409 otherwise (admins)' })
  @ApiCreatedResponse({ type: DemoResultDto })
  @Access('admin')
  @Post()
  async load(@CurrentWrite() write: WriteContext): Promise<DemoResultDto> {
    if ((await this.store.streamIdsStartingWith(processStreamId(''), 1)).length > 0) throw new TrackerNotEmpty();
    const { processId, title, appended, milestones, deadlines, assessments, version, position } = await this.demo.run(new Date(), { actor: write.actor, correlationId: write.correlationId });
    return { processId, title, appended, milestones, deadlines, assessments, version, position };
  }
}
