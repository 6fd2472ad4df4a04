import { decide, type ProcessCommand } from '../processes/domain/process.decisions.js';
import { DomainError } from '../processes/domain/process.errors.js';
import type { ProcessEvent } from '../processes/domain/process.events.js';
import { evolve, type DeadlineState, type ProcessState } from '../processes/domain/process.state.js';
import { instantMillis, isInstantWithOffset } from '../processes/domain/process.validation.js';
import { importedId, importReason, type ClassifiedRow } from './import-classifier.js';
import { columnName, columnOfField, type CellError, type DeadlineReading, type ImportColumn, type ImportHeader } from './import-rows.js';

/** What fixes a deadline when the file names no id: its kind and title (its due time may move). */
export const deadlineKey = (d: { kind?: unknown; title?: unknown }) => JSON.stringify(['deadline', d.kind ?? '', typeof d.title === 'string' ? d.title.trim() : '']);

/** Matches rows to the process's deadlines: by id first, else by kind and title. */
export class DeadlineMatcher {
  private readonly byKey = new Map<string, string>();
  private readonly claimed = new Map<string, number>();

  constructor(
    private readonly processId: string,
    state: ProcessState,
  ) {
    for (const deadline of state.deadlines.values()) if (!this.byKey.has(deadlineKey(deadline))) this.byKey.set(deadlineKey(deadline), deadline.deadlineId);
  }

  match(reading: DeadlineReading, state: ProcessState): { deadlineId: string; earlierRow?: number } {
    const deadlineId =
      reading.deadlineId !== undefined
        ? state.deadlines.has(reading.deadlineId)
          ? reading.deadlineId
          : importedId(this.processId, `deadline:${reading.deadlineId}`)
        : (this.byKey.get(deadlineKey(reading.fields)) ?? importedId(this.processId, deadlineKey(reading.fields)));
    const earlierRow = this.claimed.get(deadlineId);
    if (earlierRow === undefined) this.claimed.set(deadlineId, reading.row);
    return { deadlineId, earlierRow };
  }
}

/** Fields no command changes once a deadline is set: a file that differs there is refused at the cell. */
const FIXED_FIELDS = ['title', 'kind', 'timezone', 'remindBefore', 'notifyOverdue'] as const;

/** The commands that bring a deadline to what the row says: set it (new), move it, mark it met or cancel it. */
function commandsFor(reading: DeadlineReading, deadlineId: string, current: DeadlineState | undefined, fileName: string): { commands: ProcessCommand[]; fixed?: (typeof FIXED_FIELDS)[number] } {
  const commands: ProcessCommand[] = [];
  const f = reading.fields;
  if (current === undefined) {
    commands.push({ type: 'SetDeadline', deadlineId, title: f.title, kind: f.kind, dueAt: f.dueAt, timezone: f.timezone, remindBefore: f.remindBefore ?? [], notifyOverdue: f.notifyOverdue } as ProcessCommand);
  } else {
    const fixed = FIXED_FIELDS.find((field) => f[field] !== undefined && JSON.stringify(f[field]) !== JSON.stringify(current[field]) && !(field === 'timezone' && sameZone(f.timezone, current.timezone)));
    if (fixed !== undefined) return { commands, fixed };
    const moved = isInstantWithOffset(f.dueAt) ? instantMillis(f.dueAt) !== instantMillis(current.dueAt) : f.dueAt !== undefined;
    if (moved && current.status === 'open') commands.push({ type: 'MoveDeadline', deadlineId, dueAt: f.dueAt as string, reason: importReason(fileName) });
  }
  const status = reading.status ?? 'open';
  if (status !== (current?.status ?? 'open')) {
    if (status === 'met') commands.push({ type: 'MarkDeadlineMet', deadlineId });
    else if (status === 'cancelled') commands.push({ type: 'CancelDeadline', deadlineId, reason: reading.statusReason ?? importReason(fileName) });
    else commands.push({ type: 'MoveDeadline', deadlineId, dueAt: f.dueAt as string, reason: importReason(fileName) });
  }
  return { commands };
}

const sameZone = (given: unknown, recorded: string) =>
  typeof given === 'string' && given.toLowerCase() === recorded.toLowerCase();

/** The events of a row's commands, decided in turn on the state each leaves; throws the first DomainError. */
export function decideDeadlineCommands(commands: ProcessCommand[], state: ProcessState): { events: ProcessEvent[]; state: ProcessState } {
  const events: ProcessEvent[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decide(command, current);
    events.push(...decided);
    current = decided.reduce(evolve, current);
  }
  return { events, state: current };
}

/** Classifies one row of a deadlines file with the domain's decisions, as rows of milestones are. */
export function classifyDeadlineRow(reading: DeadlineReading, header: ImportHeader, state: ProcessState, matcher: DeadlineMatcher, fileName: string): ClassifiedRow {
  const refused = (errors: CellError[]): ClassifiedRow => ({ row: reading.row, target: 'deadline', status: 'refused', changedFields: [], errors });
  const at = (column: ImportColumn | undefined, code: string, message: string): CellError[] => [{ row: reading.row, column: columnName(header, column), code, message }];
  if (reading.errors.length > 0) return refused(reading.errors);
  const { deadlineId, earlierRow } = matcher.match(reading, state);
  if (earlierRow !== undefined) return refused(at(undefined, 'same-record-twice', `the same deadline as row ${earlierRow}: each deadline may appear once in a file`));
  const current = state.deadlines.get(deadlineId);
  const { commands, fixed } = commandsFor(reading, deadlineId, current, fileName);
  if (fixed !== undefined) return refused(at(fixed, 'fixed-deadline-field', `a deadline's ${fixed} cannot be changed once set; only its due time and status can`));
  if (commands.length === 0) return { row: reading.row, target: 'deadline', status: 'unchanged', deadlineId, changedFields: [], errors: [] };
  try {
    decideDeadlineCommands(commands, state);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return refused(at(columnOfField(error.field, 'deadline') ?? (error.field === 'deadlineId' ? 'status' : undefined), error.code, error.message));
  }
  const changedFields = current === undefined ? [] : commands.map((command) => (command.type === 'MoveDeadline' ? 'dueAt' : 'status'));
  return { row: reading.row, target: 'deadline', status: current === undefined ? 'new' : 'changed', deadlineId, fields: { commands }, changedFields: [...new Set(changedFields)], errors: [] };
}
