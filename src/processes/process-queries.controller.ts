import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import { Access } from '../auth/access.decorator.js';
import { ApiProblems } from '../http/api-problems.decorator.js';
import { EventStore } from '../event-store/event-store.js';
import { uuidParam } from '../http/uuid-param.pipe.js';
import type { ProcessState } from './domain/process.state.js';
import { ProcessRepository, processStreamId } from './process.repository.js';

function summary(state: ProcessState, version: number) {
  const milestones = [...state.milestones.values()];
  return {
    id: state.processId,
    title: state.title,
    mandate: state.mandate ?? null,
    description: state.description ?? null,
    reviewDueAt: state.reviewDueAt ?? null,
    timezone: state.timezone,
    version,
    counts: {
      milestones: milestones.filter((m) => !m.retracted && m.visibility === 'public').length,
      deadlines: [...state.deadlines.values()].filter((d) => d.status === 'open').length,
    },
  };
}

@ApiProblems()
@ApiTags('processes: reads')
@ApiBearerAuth()
@Controller('api/processes')
export class ProcessQueriesController {
  constructor(
    private readonly processes: ProcessRepository,
    private readonly store: EventStore,
    private readonly pool: Pool,
  ) {}

  @ApiOperation({ summary: 'Every process with a short summary (public)' })
  @Access('public')
  @Get()
  async list() {
    const streams = await this.pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM streams WHERE stream_id LIKE 'process-%' ORDER BY created_at`,
    );
    const items = [];
    for (const { stream_id } of streams.rows) {
      const snapshot = await this.processes.load(stream_id.slice('process-'.length));
      if (snapshot.state.exists) items.push(summary(snapshot.state, snapshot.version));
    }
    return { items };
  }

  @ApiOperation({ summary: 'One process and its current state (public)' })
  @Access('public')
  @Get(':id')
  async get(@Param('id', uuidParam('id')) id: string) {
    const snapshot = await this.processes.load(id);
    if (!snapshot.state.exists) throw new NotFoundException(`There is no process ${id}`);
    return summary(snapshot.state, snapshot.version);
  }

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
