import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { EventStore } from '../event-store/event-store.js';
import { uuidParam } from '../http/uuid-param.pipe.js';
import { processStreamId } from './process-stream.js';

@ApiProblems()
@ApiTags('processes: reads')
@ApiBearerAuth()
@Controller('api/processes')
export class ProcessQueriesController {
  constructor(private readonly store: EventStore) {}

  @ApiOperation({ summary: 'The process stream as recorded, with metadata and hashes (auditors, admins)' })
  @Access('audit')
  @Get(':id/events')
  async events(@Param('id', uuidParam('id')) id: string) {
    const events = await this.store.readStream(processStreamId(id));
    if (events.length === 0) throw new NotFoundException(`There is no process ${id}`);
    return {
      items: events.map((event) => ({
        position: event.position,
        version: event.version,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        recordedAt: event.recordedAt.toISOString(),
        actor: event.metadata.actor,
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId ?? null,
        idempotencyKey: event.metadata.idempotencyKey ?? null,
        hash: event.hash,
      })),
    };
  }
}
