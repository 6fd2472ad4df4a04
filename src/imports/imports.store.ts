import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { Language } from '../processes/domain/process.vocabulary.js';
import type { ClassifiedRow, RowStatus } from './import-classifier.js';
import type { ImportTarget } from './import-rows.js';
import { ImportError } from './import.errors.js';

/** How long a preview may wait for its apply. */
export const IMPORT_LIFETIME = '24 hours';
/** A claim on an apply that shows no progress for this long was left by a stopped instance: another may take it over. */
const STALE_APPLY = '2 minutes';

/** `reading` while the preview is written: no reader sees it then. */
export type ImportStatus = 'reading' | 'previewed' | 'applying' | 'applied';
export type RowCounts = Record<RowStatus, number>;

export interface ApplyResult {
  version: number;
  position: number;
  logged: number;
  corrected: number;
  deadlinesSet: number;
  deadlinesChanged: number;
  unchanged: number;
  refused: number;
}

export interface ImportRecord {
  importId: string;
  processId: string;
  fileName: string;
  fileDigest: string;
  uploadedBy: string;
  checkedVersion: number;
  headerLanguage: Language;
  columns: { recognised: string[]; ignored: string[] };
  counts: RowCounts;
  status: ImportStatus;
  rowsTotal: number;
  rowsDone: number;
  result: ApplyResult | null;
  createdAt: string;
  expiresAt: string;
}

interface ImportRow {
  import_id: string;
  process_id: string;
  file_name: string;
  file_digest: string;
  uploaded_by: string;
  checked_version: number;
  header_language: Language;
  columns: ImportRecord['columns'];
  counts: RowCounts;
  status: ImportStatus;
  rows_total: number;
  rows_done: number;
  result: ApplyResult | null;
  created_at: Date;
  expires_at: Date;
}

const toRecord = (row: ImportRow): ImportRecord => ({
  importId: row.import_id,
  processId: row.process_id,
  fileName: row.file_name,
  fileDigest: row.file_digest,
  uploadedBy: row.uploaded_by,
  checkedVersion: row.checked_version,
  headerLanguage: row.header_language,
  columns: row.columns,
  counts: row.counts,
  status: row.status,
  rowsTotal: row.rows_total,
  rowsDone: row.rows_done,
  result: row.result,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
});

interface StoredRow {
  row_number: number;
  target: ImportTarget;
  status: RowStatus;
  record_id: string | null;
  fields: Record<string, unknown> | null;
  changed_fields: string[];
  errors: ClassifiedRow['errors'];
}

const fromStored = (r: StoredRow): ClassifiedRow => ({
  row: r.row_number,
  target: r.target,
  status: r.status,
  ...(r.record_id !== null && (r.target === 'deadline' ? { deadlineId: r.record_id } : { milestoneId: r.record_id })),
  ...(r.fields !== null && { fields: r.fields }),
  changedFields: r.changed_fields,
  errors: r.errors,
});

const ROW_COLUMNS = `row_number integer, target text, status text, record_id text, fields jsonb, changed_fields jsonb, errors jsonb`;

/** A preview being written: invisible until finished, deleted (rows and all) when abandoned. */
export interface PreviewWriter {
  addRows(rows: ClassifiedRow[]): Promise<void>;
  finish(summary: { fileDigest: string; headerLanguage: Language; columns: ImportRecord['columns']; counts: RowCounts }): Promise<ImportRecord>;
  abandon(): Promise<void>;
}

/** Imports between preview and apply: operational state in PostgreSQL, never the record (the events are). */
@Injectable()
export class ImportsStore {
  constructor(private readonly pool: Pool) {}

  async begin(preview: { importId: string; processId: string; fileName: string; uploadedBy: string; checkedVersion: number }): Promise<PreviewWriter> {
    await this.pool.query(`DELETE FROM imports WHERE expires_at < now()`);
    // Short transactions only: one held open through an upload would hold back the horizon every reader of the log waits for.
    await this.pool.query(
      `INSERT INTO imports (import_id, process_id, file_name, file_digest, uploaded_by, checked_version, header_language, columns, counts, status, rows_total, expires_at)
       VALUES ($1, $2, $3, '', $4, $5, 'en', '{}', '{}', 'reading', 0, now() + interval '${IMPORT_LIFETIME}')`,
      [preview.importId, preview.processId, preview.fileName, preview.uploadedBy, preview.checkedVersion],
    );
    let finished = false;
    return {
      addRows: async (rows) => {
        if (rows.length === 0) return;
        const json = rows.map((r) => ({
          row_number: r.row,
          target: r.target,
          status: r.status,
          record_id: r.milestoneId ?? r.deadlineId ?? null,
          fields: r.fields ?? null,
          changed_fields: r.changedFields,
          errors: r.errors,
        }));
        await this.pool.query(`INSERT INTO import_rows SELECT $1, r.* FROM jsonb_to_recordset($2::jsonb) AS r(${ROW_COLUMNS})`, [preview.importId, JSON.stringify(json)]);
      },
      finish: async ({ fileDigest, headerLanguage, columns, counts }) => {
        const result = await this.pool.query<ImportRow>(
          `UPDATE imports SET status = 'previewed', file_digest = $2, header_language = $3, columns = $4, counts = $5, rows_total = $6
           WHERE import_id = $1 RETURNING *`,
          [preview.importId, fileDigest, headerLanguage, JSON.stringify(columns), JSON.stringify(counts), counts.new + counts.changed],
        );
        finished = true;
        return toRecord(result.rows[0]);
      },
      abandon: async () => {
        if (!finished) await this.pool.query(`DELETE FROM imports WHERE import_id = $1`, [preview.importId]);
      },
    };
  }

  async find(processId: string, importId: string): Promise<ImportRecord> {
    const result = await this.pool.query<ImportRow>(`SELECT * FROM imports WHERE import_id = $1 AND process_id = $2 AND status <> 'reading' AND expires_at > now()`, [importId, processId]);
    if (result.rowCount !== 1) throw new ImportError('import-not-found', `there is no import ${importId} of this process (previews last ${IMPORT_LIFETIME})`);
    return toRecord(result.rows[0]);
  }

  /** One page of rows in file order, optionally of one status. */
  async rows(importId: string, after: number, limit: number, status?: RowStatus): Promise<ClassifiedRow[]> {
    const result = await this.pool.query<StoredRow>(
      `SELECT row_number, target, status, record_id, fields, changed_fields, errors FROM import_rows
       WHERE import_id = $1 AND row_number > $2 AND ($3::text IS NULL OR status = $3)
       ORDER BY row_number LIMIT $4`,
      [importId, after, status ?? null, limit],
    );
    return result.rows.map(fromStored);
  }

  /** The rows an apply writes: new and changed, in file order. */
  async acceptedRows(importId: string, after: number, limit: number): Promise<ClassifiedRow[]> {
    const result = await this.pool.query<StoredRow>(
      `SELECT row_number, target, status, record_id, fields, changed_fields, errors FROM import_rows
       WHERE import_id = $1 AND row_number > $2 AND status IN ('new', 'changed') ORDER BY row_number LIMIT $3`,
      [importId, after, limit],
    );
    return result.rows.map(fromStored);
  }

  /** Takes the apply for this caller; an import applied already answers its result, one being applied elsewhere is a conflict. */
  async claim(processId: string, importId: string): Promise<{ record: ImportRecord; claimed: boolean }> {
    const record = await this.find(processId, importId);
    if (record.status === 'applied') return { record, claimed: false };
    const result = await this.pool.query<ImportRow>(
      `UPDATE imports SET status = 'applying', rows_done = 0, updated_at = now()
       WHERE import_id = $1 AND (status = 'previewed' OR (status = 'applying' AND updated_at < now() - interval '${STALE_APPLY}'))
       RETURNING *`,
      [importId],
    );
    if (result.rowCount === 1) return { record: toRecord(result.rows[0]), claimed: true };
    const now = await this.find(processId, importId);
    if (now.status === 'applied') return { record: now, claimed: false };
    throw new ImportError('import-being-applied', 'this import is being applied by another request; follow its progress with GET');
  }

  async progress(importId: string, rowsDone: number): Promise<void> {
    await this.pool.query(`UPDATE imports SET rows_done = $2, updated_at = now() WHERE import_id = $1`, [importId, rowsDone]);
  }

  async applied(importId: string, result: ApplyResult): Promise<void> {
    await this.pool.query(`UPDATE imports SET status = 'applied', rows_done = rows_total, result = $2, updated_at = now() WHERE import_id = $1`, [importId, JSON.stringify(result)]);
  }

  /** The claim is given back when an apply fails, so it can be tried again at once. */
  async release(importId: string): Promise<void> {
    await this.pool.query(`UPDATE imports SET status = 'previewed', updated_at = now() WHERE import_id = $1 AND status = 'applying'`, [importId]);
  }
}

