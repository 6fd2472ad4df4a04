import { nameBasedUuid } from '../event-store/name-based-uuid.js';
import { decide, type MilestoneInput } from '../processes/domain/process.decisions.js';
import { DomainError } from '../processes/domain/process.errors.js';
import type { MilestoneChanges } from '../processes/domain/process.events.js';
import type { MilestoneState, ProcessState } from '../processes/domain/process.state.js';
import { columnName, columnOfField, type CellError, type ImportHeader, type ImportTarget, type RowReading } from './import-rows.js';

export type RowStatus = 'new' | 'unchanged' | 'changed' | 'refused';

/** A row as the preview shows it and the apply replays it. */
export interface ClassifiedRow {
  row: number;
  target: ImportTarget;
  status: RowStatus;
  /** The milestone the row logs or corrects. */
  milestoneId?: string;
  /** The deadline the row sets or changes. */
  deadlineId?: string;
  /** Milestones, new: every field to log; changed: only the fields that differ. Deadlines: `commands`, the commands to decide. */
  fields?: Record<string, unknown>;
  changedFields: string[];
  errors: CellError[];
}

/** What fixes a milestone when the file names no id: the same fact logged twice has the same key. */
export function stableKey(m: { occurredOn?: unknown; kind?: unknown; title?: unknown; source?: unknown }): string {
  const source = (m.source ?? {}) as { url?: unknown; symbol?: unknown };
  return JSON.stringify([m.occurredOn ?? '', m.kind ?? '', typeof m.title === 'string' ? m.title.trim() : '', source.url ?? '', source.symbol ?? '']);
}

/** The id a row's new milestone gets: fixed by the process and the row's id or key, so importing the file again finds it. */
export function importedId(processId: string, idOrKey: string): string {
  return nameBasedUuid(`import:${processId}:${idOrKey}`);
}

/** The reason a correction made by an import carries. */
export const importReason = (fileName: string) => `Imported from ${fileName}`;

/** Matches rows to the process's milestones: by id first, else by stable key. */
export class RowMatcher {
  private readonly byKey = new Map<string, string>();
  private readonly claimed = new Map<string, number>();

  constructor(
    private readonly processId: string,
    state: ProcessState,
  ) {
    for (const milestone of state.milestones.values()) {
      if (!milestone.retracted && !this.byKey.has(stableKey(milestone))) this.byKey.set(stableKey(milestone), milestone.milestoneId);
    }
  }

  /** The milestone a row stands for, and the earlier row of the file that already stood for it. */
  match(reading: RowReading, state: ProcessState): { milestoneId: string; earlierRow?: number } {
    let milestoneId: string;
    if (reading.milestoneId !== undefined) {
      milestoneId = state.milestones.has(reading.milestoneId) ? reading.milestoneId : importedId(this.processId, reading.milestoneId);
    } else {
      const key = stableKey(reading.fields);
      milestoneId = this.byKey.get(key) ?? importedId(this.processId, key);
    }
    const earlierRow = this.claimed.get(milestoneId);
    if (earlierRow === undefined) this.claimed.set(milestoneId, reading.row);
    return { milestoneId, earlierRow };
  }
}

/** New rows need every field the domain requires: absent lists are empty, absent visibility is internal (nothing is published by surprise). */
function newMilestone(fields: RowReading['fields']): Record<string, unknown> {
  return { stakeholders: [], buildingBlocks: [], visibility: 'internal', ...fields };
}

/** The row's fields as changes to the milestone as recorded: what the file leaves out stays as it is. */
function changesTo(current: MilestoneState, fields: RowReading['fields']): Record<string, unknown> {
  const changes: Record<string, unknown> = { ...fields };
  // Confirmed is recorded only when someone set it: absent reads as true.
  if (changes.confirmed === (current.confirmed ?? true)) delete changes.confirmed;
  if (changes.translations !== undefined && changes.translations !== null) changes.translations = { ...current.translations, ...changes.translations };
  if (changes.visibility === undefined) delete changes.visibility;
  return changes;
}

/**
 * Classifies one row against the process with the domain's own decisions: a row that LogMilestone or
 * CorrectMilestone would refuse is refused with the same message, at its cell.
 */
export function classifyRow(reading: RowReading, header: ImportHeader, state: ProcessState, matcher: RowMatcher, fileName: string): ClassifiedRow {
  const refused = (errors: CellError[]): ClassifiedRow => ({ row: reading.row, target: 'milestone', status: 'refused', changedFields: [], errors });
  if (reading.errors.length > 0) return refused(reading.errors);
  const { milestoneId, earlierRow } = matcher.match(reading, state);
  if (earlierRow !== undefined) {
    return refused([{ row: reading.row, column: '', code: 'same-record-twice', message: `the same milestone as row ${earlierRow}: each milestone may appear once in a file` }]);
  }
  const atCell = (error: DomainError): CellError[] => [{ row: reading.row, column: columnName(header, columnOfField(error.field)), code: error.code, message: error.message }];
  const current = state.milestones.get(milestoneId);
  try {
    if (current === undefined) {
      const [logged] = decide({ type: 'LogMilestone', milestoneId, ...(newMilestone(reading.fields) as unknown as MilestoneInput) }, state);
      const fields: Record<string, unknown> = { ...logged.data };
      delete fields.milestoneId;
      return { row: reading.row, target: 'milestone', status: 'new', milestoneId, fields, changedFields: [], errors: [] };
    }
    const changes = changesTo(current, reading.fields);
    if (Object.keys(changes).length === 0) return { row: reading.row, target: 'milestone', status: 'unchanged', milestoneId, changedFields: [], errors: [] };
    const [corrected] = decide({ type: 'CorrectMilestone', milestoneId, changes: changes as MilestoneChanges, reason: importReason(fileName) }, state);
    const changed = (corrected.data as unknown as { changes: Record<string, unknown> }).changes;
    return { row: reading.row, target: 'milestone', status: 'changed', milestoneId, fields: changed, changedFields: Object.keys(changed), errors: [] };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'empty-correction') return { row: reading.row, target: 'milestone', status: 'unchanged', milestoneId, changedFields: [], errors: [] };
    return refused(atCell(error));
  }
}
