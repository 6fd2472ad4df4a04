import { stringify, type Stringifier } from 'csv-stringify';
import { deadlineColumnHeader, DEADLINE_COLUMNS, type DeadlineColumn } from '../../imports/deadline-columns.js';
import type { Language } from '../../processes/domain/process.vocabulary.js';
import type { SheetColumn } from '../spreadsheets/xlsx-sheet.js';
import type { DeadlineDto } from './deadlines.dto.js';

export type DeadlineRecord = Record<DeadlineColumn, string>;

/** One record per deadline: the JSON's values (reminders aside), lists joined, absent values empty. */
export function toDeadlineRecord(deadline: DeadlineDto): DeadlineRecord {
  return {
    deadlineId: deadline.deadlineId,
    title: deadline.title,
    kind: deadline.kind,
    dueAt: deadline.dueAt,
    dueAtUtc: deadline.dueAtUtc,
    timezone: deadline.timezone,
    localDueDate: deadline.localDueDate,
    status: deadline.status,
    statusReason: deadline.statusReason ?? '',
    remindBefore: deadline.remindBefore.join('; '),
    notifyOverdue: String(deadline.notifyOverdue),
  };
}

export function deadlineSheetColumns(lang: Language): SheetColumn<DeadlineColumn>[] {
  return DEADLINE_COLUMNS.map((column) => ({ ...column, header: deadlineColumnHeader(lang, column.key) }));
}

/** As the timeline's CSV: BOM, CRLF, quoting, and cells that would start a formula prefixed with '. */
export function deadlinesCsvStringifier(lang: Language): Stringifier {
  return stringify({
    bom: true,
    header: true,
    record_delimiter: 'windows',
    escape_formulas: true,
    columns: DEADLINE_COLUMNS.map(({ key }) => ({ key, header: deadlineColumnHeader(lang, key) })),
  });
}
