import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LANGUAGES, type Language } from '../processes/domain/process.vocabulary.js';
import type { RowStatus } from './import-classifier.js';
import type { ImportStatus } from './imports.store.js';

const ROW_STATUSES: readonly RowStatus[] = ['new', 'unchanged', 'changed', 'refused'];
const IMPORT_STATUSES: readonly Exclude<ImportStatus, 'reading'>[] = ['previewed', 'applying', 'applied'];
export const MAX_ROWS_PAGE = 500;
export const DEFAULT_ROWS_PAGE = 100;

export class ImportUploadQuery {
  @ApiPropertyOptional({ maxLength: 200, example: 'calendar-2020.csv', description: 'The file name, shown in the preview and in the ImportApplied event' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fileName?: string;
}

export class ImportRowsQuery {
  @ApiPropertyOptional({ minimum: 0, description: 'Rows after this row number (the nextAfter of the previous page)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ enum: ROW_STATUSES, description: 'Only rows of this status (refused only, changed only…)' })
  @IsOptional()
  @IsIn(ROW_STATUSES)
  status?: RowStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_ROWS_PAGE, default: DEFAULT_ROWS_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ROWS_PAGE)
  limit?: number;
}

export class TemplateQuery {
  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en', description: 'The language of the header row and of the lists sheet' })
  @IsOptional()
  @IsIn(LANGUAGES)
  lang?: Language;
}

export class ApplyImportDto {
  @ApiPropertyOptional({ default: false, description: 'New milestones land as internal drafts, and the file changes the visibility of no existing milestone' })
  @IsOptional()
  @IsBoolean()
  asDrafts?: boolean;
}

export class CellErrorDto {
  @ApiProperty({ example: 7, description: 'The row as the spreadsheet numbers it (the header is row 1)' })
  row: number;

  @ApiProperty({ example: 'Date', description: 'The column as the file names it; empty when the whole row is at fault' })
  column: string;

  @ApiProperty({
    example: 'invalid-calendar-date',
    description: 'Stable, to show the reason in the reader\'s language: the domain\'s error code (as the API answers it), or formula-cell, invalid-flag, invalid-status, same-record-twice, fixed-deadline-field',
  })
  code: string;

  @ApiProperty({ example: 'occurredOn must be a real date as YYYY-MM-DD', description: 'The reason in English' })
  message: string;
}

export class ImportRowDto {
  @ApiProperty({ example: 7 })
  row: number;

  @ApiProperty({ enum: ROW_STATUSES })
  status: RowStatus;

  @ApiProperty({ enum: ['milestone', 'deadline'], description: 'What the file holds: rows of the timeline or of the deadlines' })
  target: 'milestone' | 'deadline';

  @ApiPropertyOptional({ description: 'The milestone the row logs (new) or matches (unchanged, changed)' })
  milestoneId?: string;

  @ApiPropertyOptional({ description: 'The deadline the row sets (new) or matches (unchanged, changed)' })
  deadlineId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Milestones, new: the milestone as it will be logged; changed: the fields as they will be corrected. Deadlines: `commands`, the SetDeadline, MoveDeadline, MarkDeadlineMet or CancelDeadline the apply decides again' })
  fields?: Record<string, unknown>;

  @ApiProperty({ type: [String], example: ['notes', 'location'], description: 'changed: the fields that differ from the milestone as recorded' })
  changedFields: string[];

  @ApiProperty({ type: [CellErrorDto], description: 'refused: why, cell by cell' })
  errors: CellErrorDto[];
}

export class RowCountsDto {
  @ApiProperty() new: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() changed: number;
  @ApiProperty() refused: number;
}

export class ImportColumnsDto {
  @ApiProperty({ type: [String], example: ['occurredOn', 'kind', 'title'], description: 'The columns read, by field name' })
  recognised: string[];

  @ApiProperty({ type: [String], example: ['Comments'], description: 'Header cells the import does not know: their columns are ignored' })
  ignored: string[];
}

export class ApplyResultDto {
  @ApiProperty({ example: 12, description: 'The process stream version after the apply (also the ETag)' })
  version: number;

  @ApiProperty({ example: 4031, description: 'Global position of the last event written: pass it as minPosition to read the timeline' })
  position: number;

  @ApiProperty({ format: 'uuid' })
  importId: string;

  @ApiProperty({ description: 'Rows written as MilestoneLogged' })
  logged: number;

  @ApiProperty({ description: 'Rows written as MilestoneCorrected' })
  corrected: number;

  @ApiProperty({ description: 'Rows written as DeadlineSet (with DeadlineMet or DeadlineCancelled when the file says so)' })
  deadlinesSet: number;

  @ApiProperty({ description: 'Rows of existing deadlines written as DeadlineMoved, DeadlineMet or DeadlineCancelled' })
  deadlinesChanged: number;

  @ApiProperty({ description: 'Rows that matched the process as it is: nothing written' })
  unchanged: number;

  @ApiProperty({ description: 'Rows refused, at preview or because the process changed since' })
  refused: number;
}

export class ImportPreviewDto {
  @ApiProperty({ format: 'uuid' })
  importId: string;

  @ApiProperty({ example: 'calendar-2020.csv' })
  fileName: string;

  @ApiProperty({ description: 'sha256 of the file' })
  fileDigest: string;

  @ApiProperty({ enum: IMPORT_STATUSES, description: 'previewed, applying (see rowsDone), applied (see result)' })
  status: ImportStatus;

  @ApiProperty({ description: 'The process version the rows were checked against; apply checks them again' })
  checkedVersion: number;

  @ApiProperty({ enum: LANGUAGES, description: 'The language of the header row, as recognised' })
  headerLanguage: Language;

  @ApiProperty({ type: ImportColumnsDto })
  columns: ImportColumnsDto;

  @ApiProperty({ type: RowCountsDto })
  counts: RowCountsDto;

  @ApiProperty({ description: 'Rows an apply writes (new and changed): the length of the progress bar' })
  rowsTotal: number;

  @ApiProperty({ description: 'Of those, how many an apply under way has written' })
  rowsDone: number;

  @ApiPropertyOptional({ type: ApplyResultDto, description: 'Once applied' })
  result?: ApplyResultDto;

  @ApiProperty({ format: 'date-time', description: 'The preview is forgotten after this' })
  expiresAt: string;

  @ApiProperty({ type: [ImportRowDto], description: 'One page of rows in file order' })
  rows: ImportRowDto[];

  @ApiPropertyOptional({ description: 'Pass as `after` for the next page; absent on the last page' })
  nextAfter?: number;
}
