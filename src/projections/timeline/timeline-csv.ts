import { stringify, type Stringifier } from 'csv-stringify';
import { LIST_SEPARATOR, milestoneColumnHeader, MILESTONE_COLUMNS, type MilestoneColumn } from '../../imports/milestone-columns.js';
import type { Language } from '../../processes/domain/process.vocabulary.js';
import type { SheetColumn } from '../spreadsheets/xlsx-sheet.js';
import type { TimelineItemDto } from './timeline.dto.js';

export type TimelineCsvRecord = Record<MilestoneColumn, string>;

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
    columns: MILESTONE_COLUMNS.map(({ key }) => ({ key, header: milestoneColumnHeader(lang, key) })),
  });
}

export function timelineSheetColumns(lang: Language): SheetColumn<MilestoneColumn>[] {
  return MILESTONE_COLUMNS.map((column) => ({ ...column, header: milestoneColumnHeader(lang, column.key) }));
}
