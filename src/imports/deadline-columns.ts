import type { Language } from '../processes/domain/process.vocabulary.js';
import type { ColumnType } from './milestone-columns.js';

/** The columns of the deadlines as a spreadsheet, in order: what the export writes and the import reads. */
export const DEADLINE_COLUMNS = [
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

export type DeadlineColumn = (typeof DEADLINE_COLUMNS)[number]['key'];

export const DEADLINE_COLUMN_HEADERS: Record<Language, Record<DeadlineColumn, string>> = {
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
