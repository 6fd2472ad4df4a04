import type { Language } from '../processes/domain/process.vocabulary.js';

/** How a column's cells read: spreadsheets get real dates and booleans, CSV their ISO text. */
export type ColumnType = 'text' | 'date' | 'instant' | 'boolean';

/** The columns of the timeline as a spreadsheet, in order: what the export writes and the import reads. */
export const MILESTONE_COLUMNS = [
  { key: 'milestoneId', type: 'text', width: 38 },
  { key: 'occurredOn', type: 'date', width: 12 },
  { key: 'endsOn', type: 'date', width: 12 },
  { key: 'kind', type: 'text', width: 16 },
  { key: 'title', type: 'text', width: 60 },
  { key: 'originalTitle', type: 'text', width: 40 },
  { key: 'stakeholders', type: 'text', width: 28 },
  { key: 'buildingBlocks', type: 'text', width: 16 },
  { key: 'location', type: 'text', width: 20 },
  { key: 'sourceUrl', type: 'text', width: 40 },
  { key: 'sourceSymbol', type: 'text', width: 22 },
  { key: 'visibility', type: 'text', width: 14 },
  { key: 'notes', type: 'text', width: 50 },
  { key: 'confirmed', type: 'boolean', width: 11 },
  { key: 'loggedAt', type: 'instant', width: 20 },
  { key: 'correctedAt', type: 'instant', width: 20 },
] as const satisfies readonly { key: string; type: ColumnType; width: number }[];

export type MilestoneColumn = (typeof MILESTONE_COLUMNS)[number]['key'];

export const MILESTONE_COLUMN_HEADERS: Record<Language, Record<MilestoneColumn, string>> = {
  en: {
    milestoneId: 'Milestone ID',
    occurredOn: 'Date',
    endsOn: 'End date',
    kind: 'Kind',
    title: 'Title',
    originalTitle: 'Original title',
    stakeholders: 'Stakeholders',
    buildingBlocks: 'Building blocks',
    location: 'Location',
    sourceUrl: 'Source URL',
    sourceSymbol: 'Document symbol',
    visibility: 'Visibility',
    notes: 'Notes',
    confirmed: 'Confirmed',
    loggedAt: 'Logged at',
    correctedAt: 'Corrected at',
  },
  fr: {
    milestoneId: 'Identifiant du jalon',
    occurredOn: 'Date',
    endsOn: 'Date de fin',
    kind: 'Type',
    title: 'Titre',
    originalTitle: 'Titre original',
    stakeholders: 'Parties prenantes',
    buildingBlocks: 'Éléments constitutifs',
    location: 'Lieu',
    sourceUrl: 'URL de la source',
    sourceSymbol: 'Cote du document',
    visibility: 'Visibilité',
    notes: 'Notes',
    confirmed: 'Confirmé',
    loggedAt: 'Enregistré le',
    correctedAt: 'Corrigé le',
  },
  es: {
    milestoneId: 'Identificador del hito',
    occurredOn: 'Fecha',
    endsOn: 'Fecha de fin',
    kind: 'Tipo',
    title: 'Título',
    originalTitle: 'Título original',
    stakeholders: 'Partes interesadas',
    buildingBlocks: 'Elementos básicos',
    location: 'Lugar',
    sourceUrl: 'URL de la fuente',
    sourceSymbol: 'Signatura del documento',
    visibility: 'Visibilidad',
    notes: 'Notas',
    confirmed: 'Confirmado',
    loggedAt: 'Registrado el',
    correctedAt: 'Corregido el',
  },
};

/** How lists (stakeholders, building blocks) are joined in one cell. */
export const LIST_SEPARATOR = '; ';
