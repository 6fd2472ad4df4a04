import { stringify, type Stringifier } from 'csv-stringify';
import type { Language } from '../../processes/domain/process.vocabulary.js';
import type { TimelineItemDto } from './timeline.dto.js';

const COLUMNS = [
  'milestoneId',
  'occurredOn',
  'endsOn',
  'kind',
  'title',
  'originalTitle',
  'stakeholders',
  'buildingBlocks',
  'location',
  'sourceUrl',
  'sourceSymbol',
  'visibility',
  'notes',
  'confirmed',
  'loggedAt',
  'correctedAt',
] as const;

export type TimelineCsvColumn = (typeof COLUMNS)[number];
export type TimelineCsvRecord = Record<TimelineCsvColumn, string>;

export const TIMELINE_CSV_HEADERS: Record<Language, Record<TimelineCsvColumn, string>> = {
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

export const LIST_SEPARATOR = '; ';

/** One CSV record per timeline item: the same values as the JSON, lists joined, absent values empty. */
export function toCsvRecord(item: TimelineItemDto): TimelineCsvRecord {
  return {
    milestoneId: item.milestoneId,
    occurredOn: item.occurredOn,
    endsOn: item.endsOn ?? '',
    kind: item.kind,
    title: item.title,
    originalTitle: item.originalTitle ?? '',
    stakeholders: item.stakeholders.join(LIST_SEPARATOR),
    buildingBlocks: item.buildingBlocks.join(LIST_SEPARATOR),
    location: item.location ?? '',
    sourceUrl: item.source?.url ?? '',
    sourceSymbol: item.source?.symbol ?? '',
    visibility: item.visibility,
    notes: item.notes ?? '',
    confirmed: String(item.confirmed),
    loggedAt: item.loggedAt,
    correctedAt: item.correctedAt ?? '',
  };
}

/**
 * A CSV stream spreadsheet programs open as intended: a BOM so Excel reads UTF-8, CRLF (RFC 4180),
 * quoting where needed, and cells that would start a formula prefixed with ' (CSV injection).
 */
export function timelineCsvStringifier(lang: Language): Stringifier {
  return stringify({
    bom: true,
    header: true,
    record_delimiter: 'windows',
    escape_formulas: true,
    columns: COLUMNS.map((key) => ({ key, header: TIMELINE_CSV_HEADERS[lang][key] })),
  });
}
