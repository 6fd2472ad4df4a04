import { stringify, type Stringifier } from 'csv-stringify';
import type { ColumnType } from '../../imports/milestone-columns.js';
import type { Language } from '../../processes/domain/process.vocabulary.js';
import type { SheetColumn } from '../spreadsheets/xlsx-sheet.js';
import type { DeadlineDto } from './deadlines.dto.js';

const DEADLINE_COLUMNS = [
  { key: 'deadlineId', type: 'text', width: 38 },
  { key: 'title', type: 'text', width: 50 },
  { key: 'kind', type: 'text', width: 16 },
  { key: 'dueAt', type: 'text', width: 27 },
  { key: 'dueAtUtc', type: 'instant', width: 20 },
  { key: 'timezone', type: 'text', width: 20 },
  { key: 'localDueDate', type: 'date', width: 12 },
  { key: 'status', type: 'text', width: 12 },
  { key: 'statusReason', type: 'text', width: 40 },
  { key: 'remindBefore', type: 'text', width: 18 },
  { key: 'notifyOverdue', type: 'boolean', width: 14 },
] as const satisfies readonly { key: string; type: ColumnType; width: number }[];

type DeadlineColumn = (typeof DEADLINE_COLUMNS)[number]['key'];
export type DeadlineRecord = Record<DeadlineColumn, string>;

const HEADERS: Record<Language, Record<DeadlineColumn, string>> = {
  en: {
    deadlineId: 'Deadline ID',
    title: 'Title',
    kind: 'Kind',
    dueAt: 'Due at',
    dueAtUtc: 'Due at (UTC)',
    timezone: 'Time zone',
    localDueDate: 'Due date',
    status: 'Status',
    statusReason: 'Reason',
    remindBefore: 'Remind before',
    notifyOverdue: 'Notify when overdue',
  },
  fr: {
    deadlineId: "Identifiant de l'échéance",
    title: 'Titre',
    kind: 'Type',
    dueAt: 'Échéance',
    dueAtUtc: 'Échéance (UTC)',
    timezone: 'Fuseau horaire',
    localDueDate: "Date d'échéance",
    status: 'Statut',
    statusReason: 'Motif',
    remindBefore: 'Rappels avant',
    notifyOverdue: 'Rappel après échéance',
  },
  es: {
    deadlineId: 'Identificador del plazo',
    title: 'Título',
    kind: 'Tipo',
    dueAt: 'Vencimiento',
    dueAtUtc: 'Vencimiento (UTC)',
    timezone: 'Zona horaria',
    localDueDate: 'Fecha de vencimiento',
    status: 'Estado',
    statusReason: 'Motivo',
    remindBefore: 'Recordatorios antes',
    notifyOverdue: 'Avisar si vence',
  },
};

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
  return DEADLINE_COLUMNS.map((column) => ({ ...column, header: HEADERS[lang][column.key] }));
}

/** As the timeline's CSV: BOM, CRLF, quoting, and cells that would start a formula prefixed with '. */
export function deadlinesCsvStringifier(lang: Language): Stringifier {
  return stringify({
    bom: true,
    header: true,
    record_delimiter: 'windows',
    escape_formulas: true,
    columns: DEADLINE_COLUMNS.map(({ key }) => ({ key, header: HEADERS[lang][key] })),
  });
}
