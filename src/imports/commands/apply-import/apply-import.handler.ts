import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamVersionConflict } from '../../../event-store/event-store.errors.js';
import type { WriteContext } from '../../../event-store/write-context.js';
import { decide, type MilestoneInput, type ProcessCommand } from '../../../processes/domain/process.decisions.js';
import { DomainError } from '../../../processes/domain/process.errors.js';
import type { MilestoneChanges, ProcessEvent } from '../../../processes/domain/process.events.js';
import { evolve, type ProcessState } from '../../../processes/domain/process.state.js';
import { processStreamId } from '../../../processes/process-stream.js';
import { ProcessRepository } from '../../../processes/process.repository.js';
import { decideDeadlineCommands } from '../../deadline-classifier.js';
import { importReason, type ClassifiedRow } from '../../import-classifier.js';
import { ImportsStore, type ApplyResult } from '../../imports.store.js';
import { ApplyImportCommand } from './apply-import.command.js';

/** Rows appended per event-store write: one transaction each, progress reported between them. */
export const APPLY_BATCH = 500;

/** The correlation id every event of one import carries, so the audit log shows the import and its rows together. */
export const importCorrelationId = (importId: string) => `import-${importId}`;

interface Tally {
  logged: number;
  corrected: number;
  deadlinesSet: number;
  deadlinesChanged: number;
  unchanged: number;
  refused: number;
}

const noRows = (): Tally => ({ logged: 0, corrected: 0, deadlinesSet: 0, deadlinesChanged: 0, unchanged: 0, refused: 0 });

/**
 * Applies a preview: each accepted row decided again on the process as it is now (rows that became
 * unchanged are skipped, rows that became invalid refused), appended in batches under one
 * correlation id, closed by ImportApplied; rows of deadlines replay the commands the preview chose. An import applied already writes nothing again.
 */
@CommandHandler(ApplyImportCommand)
export class ApplyImportHandler implements ICommandHandler<ApplyImportCommand> {
  constructor(
    private readonly processes: ProcessRepository,
    private readonly imports: ImportsStore,
  ) {}

  async execute({ processId, importId, asDrafts, write }: ApplyImportCommand): Promise<ApplyResult & { importId: string }> {
    const { record, claimed } = await this.imports.claim(processId, importId);
    if (!claimed) return { importId, ...record.result! };
    // Batches are many appends: an Idempotency-Key reply or an If-Match fits only the first, and the import is idempotent by itself.
    const batchWrite: WriteContext = { actor: write.actor, correlationId: importCorrelationId(importId) };
    const total: Tally = { ...noRows(), unchanged: record.counts.unchanged, refused: record.counts.refused };
    try {
      if (write.expectedVersion !== undefined) {
        const { version } = await this.processes.load(processId);
        if (version !== write.expectedVersion) {
          throw new StreamVersionConflict(processStreamId(processId), write.expectedVersion, version || 'no-stream');
        }
      }
      let written = await this.processes.load(processId);
      let after = 0;
      let done = 0;
      for (;;) {
        const rows = await this.imports.acceptedRows(importId, after, APPLY_BATCH);
        if (rows.length === 0) break;
        let tally = noRows();
        const result = await this.processes.execute(
          processId,
          (state) => {
            tally = noRows();
            return decideRows(rows, state, tally, record.fileName, asDrafts);
          },
          batchWrite,
        );
        written = { ...written, version: result.version, position: result.position };
        for (const key of Object.keys(tally) as (keyof Tally)[]) total[key] += tally[key];
        after = rows[rows.length - 1].row;
        done += rows.length;
        await this.imports.progress(importId, done);
      }
      if (total.logged + total.corrected + total.deadlinesSet + total.deadlinesChanged > 0) {
        const closed = await this.processes.execute(processId, (state) => decide({ type: 'RecordImport', importId, fileName: record.fileName, ...total }, state), batchWrite);
        written = { ...written, version: closed.version, position: closed.position };
      }
      const result: ApplyResult = { version: written.version, position: written.position, ...total };
      await this.imports.applied(importId, result);
      return { importId, ...result };
    } catch (error) {
      await this.imports.release(importId);
      throw error;
    }
  }
}

/** One batch decided row by row on the state each earlier row left; pure, so a conflicting append can decide it again. */
export function decideRows(rows: ClassifiedRow[], state: ProcessState, tally: Tally, fileName: string, asDrafts: boolean): ProcessEvent[] {
  const events: ProcessEvent[] = [];
  let current = state;
  for (const row of rows) {
    if (row.target === 'deadline') {
      try {
        const decided = decideDeadlineCommands((row.fields as { commands: ProcessCommand[] }).commands, current);
        events.push(...decided.events);
        current = decided.state;
        if (row.status === 'new') tally.deadlinesSet++;
        else tally.deadlinesChanged++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'deadline-unchanged') tally.unchanged++;
        else tally.refused++;
      }
      continue;
    }
    const milestoneId = row.milestoneId!;
    const fields = row.fields ?? {};
    const existing = current.milestones.get(milestoneId);
    try {
      const decided =
        existing === undefined
          ? decide({ type: 'LogMilestone', milestoneId, ...(fields as unknown as MilestoneInput), ...(asDrafts && { visibility: 'internal' as const }) }, current)
          : decide({ type: 'CorrectMilestone', milestoneId, changes: correctionOf(row, asDrafts), reason: importReason(fileName) }, current);
      events.push(...decided);
      current = decided.reduce(evolve, current);
      if (existing === undefined) tally.logged++;
      else tally.corrected++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'empty-correction') tally.unchanged++;
      else tally.refused++;
    }
  }
  return events;
}

/** A row previewed as new whose milestone exists by now is a correction to every field it gives; drafts never change who sees an existing milestone. */
function correctionOf(row: ClassifiedRow, asDrafts: boolean): MilestoneChanges {
  const changes = { ...row.fields } as Record<string, unknown>;
  if (asDrafts) delete changes.visibility;
  return changes as MilestoneChanges;
}
