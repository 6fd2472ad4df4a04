import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { Principal } from '../../auth/roles.js';
import { rowsFromArrays } from '../../database/rows-from-arrays.js';
import type { Language } from '../../processes/domain/process.vocabulary.js';
import { unDocumentUrl } from '../../processes/domain/un-document-symbol.js';
import { processStreamId } from '../../processes/process-stream.js';
import { canSee, visibilityOfPast, visibleTo } from '../visibility.js';
import { RecordedHistory } from '../recorded-history.js';
import { decodeCursor, DEFAULT_TIMELINE_LIMIT, encodeCursor, type TimelineFilterQuery, type TimelineItemDto, type TimelinePageDto, type TimelineQuery } from './timeline.dto.js';
import { isoText, searchVector, TIMELINE_COLUMNS, toRow, translatedTitleColumn, TRANSLATED_TITLE_COLUMNS, type TimelineRow } from './timeline-rows.js';

/** The milestones to read: the live table, or the process folded up to an instant. */
type Source = { processId: string } | { asOfRows: TimelineRow[] };

/** What a page selects of a row. */
type ItemRow = Omit<TimelineRow, 'process_id' | 'retracted' | 'retraction_reason' | 'logged_by' | 'last_position'>;

const CSV_PAGE_SIZE = 500;
const KNOWN_PROCESSES = 10_000;

/**
 * Reads the timeline. The current one comes from the projection; an asOf one is folded from the
 * stream and pushed through the very same SQL (filters, search, order, keyset), so both agree.
 */
@Injectable()
export class TimelineQueries {
  /** Processes seen to exist: the log is append-only, so a stream never stops existing. */
  private readonly known = new Set<string>();

  constructor(
    private readonly pool: Pool,
    private readonly history: RecordedHistory,
  ) {}

  async processExists(processId: string): Promise<boolean> {
    if (this.known.has(processId)) return true;
    const result = await this.pool.query(`SELECT 1 FROM streams WHERE stream_id = $1`, [processStreamId(processId)]);
    if (result.rowCount !== 1) return false;
    if (this.known.size >= KNOWN_PROCESSES) this.known.delete(this.known.values().next().value!);
    this.known.add(processId);
    return true;
  }

  async page(processId: string, query: TimelineQuery, principal: Principal | undefined): Promise<TimelinePageDto> {
    const source = await this.sourceOf(processId, query.asOf, principal);
    const limit = query.limit ?? DEFAULT_TIMELINE_LIMIT;
    const rows = await this.select(source, query, principal, query.cursor === undefined ? undefined : decodeCursor(query.cursor), limit + 1);
    const items = rows.slice(0, limit).map((row) => toItem(row, query.lang));
    if (rows.length <= limit) return { items };
    const last = items[items.length - 1];
    return { items, nextCursor: encodeCursor(last) };
  }

  /** Every row, read page by page so a long timeline is never held in memory at once. */
  async *all(processId: string, query: TimelineFilterQuery, principal: Principal | undefined): AsyncGenerator<TimelineItemDto> {
    const source = await this.sourceOf(processId, query.asOf, principal);
    let after: { occurredOn: string; milestoneId: string } | undefined;
    for (;;) {
      const rows = await this.select(source, query, principal, after, CSV_PAGE_SIZE);
      for (const row of rows) yield toItem(row, query.lang);
      if (rows.length < CSV_PAGE_SIZE) return;
      const last = rows[rows.length - 1];
      after = { occurredOn: last.occurred_on, milestoneId: last.milestone_id };
    }
  }

  /** asOf: the process as recorded then, each milestone read under the visibility of its past (most restrictive of then and now). */
  private async sourceOf(processId: string, asOf: string | undefined, principal: Principal | undefined): Promise<Source> {
    if (asOf === undefined) return { processId };
    // recorded_at has microseconds, asOf at most milliseconds: everything recorded within that millisecond counts.
    const recordedBefore = new Date(new Date(asOf).getTime() + 1);
    const { then, now } = await this.history.at(processId, recordedBefore);
    const asOfRows: TimelineRow[] = [];
    for (const milestone of then.process.milestones.values()) {
      const facts = then.facts.get(milestone.milestoneId);
      if (!facts || !canSee(principal, visibilityOfPast(milestone.visibility, now.process.milestones.get(milestone.milestoneId)))) continue;
      asOfRows.push(toRow({ processId, ...facts, milestone }));
    }
    return { asOfRows };
  }

  private async select(
    source: Source,
    filters: TimelineFilterQuery,
    principal: Principal | undefined,
    after: { occurredOn: string; milestoneId: string } | undefined,
    limit: number,
  ): Promise<ItemRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const asOfSource = (rows: TimelineRow[]) => {
      const { source: recorded, params: columns } = rowsFromArrays(TIMELINE_COLUMNS, rows, 'r', params.length + 1);
      params.push(...columns);
      return `(SELECT r.*, ${searchVector('r')} AS search FROM ${recorded}) AS m`;
    };
    const from =
      'processId' in source
        ? `(SELECT * FROM timeline_milestones WHERE process_id = ${param(source.processId)}) AS m`
        : asOfSource(narrowAsOf(source.asOfRows, filters, after, limit));
    const where = ['NOT m.retracted', `m.visibility = ANY(${param(visibleTo(principal))}::text[])`];
    // A milestone spanning several days is in a range it overlaps.
    if (filters.from !== undefined) where.push(`coalesce(m.ends_on, m.occurred_on) >= ${param(filters.from)}::date`);
    if (filters.to !== undefined) where.push(`m.occurred_on <= ${param(filters.to)}::date`);
    if (filters.kind !== undefined) where.push(`m.kind = ${param(filters.kind)}`);
    if (filters.stakeholder !== undefined) where.push(`${param(filters.stakeholder)} = ANY(m.stakeholders)`);
    if (filters.buildingBlock !== undefined) where.push(`${param(filters.buildingBlock)}::integer = ANY(m.building_blocks)`);
    if (filters.q !== undefined && filters.q.trim() !== '') where.push(`m.search @@ websearch_to_tsquery('simple', ${param(filters.q)})`);
    if (after !== undefined) where.push(`(m.occurred_on, m.milestone_id) > (${param(after.occurredOn)}::date, ${param(after.milestoneId)}::uuid)`);
    const result = await this.pool.query<ItemRow>(
      `SELECT m.milestone_id, m.kind, m.title, ${TRANSLATED_TITLE_COLUMNS.map((column) => `m.${column}`).join(', ')},
              to_char(m.occurred_on, 'YYYY-MM-DD') AS occurred_on, to_char(m.ends_on, 'YYYY-MM-DD') AS ends_on,
              m.stakeholders, m.building_blocks, m.location, m.source_url, m.source_symbol, m.visibility, m.notes,
              m.confirmed, ${isoText('m.logged_at')} AS logged_at, ${isoText('m.corrected_at')} AS corrected_at
       FROM ${from}
       WHERE ${where.join(' AND ')}
       ORDER BY m.occurred_on, m.milestone_id
       LIMIT ${param(limit)}`,
      params,
    );
    return result.rows;
  }
}

/**
 * The asOf rows worth sending to PostgreSQL: those the filters keep and, without a text search, only
 * the page itself, so a long process costs a sort in memory instead of shipping every row per request.
 * The SQL applies the same filters and order again; this only has to keep a superset of the page.
 */
export function narrowAsOf(
  rows: TimelineRow[],
  filters: TimelineFilterQuery,
  after: { occurredOn: string; milestoneId: string } | undefined,
  limit: number,
): TimelineRow[] {
  const kept = rows.filter(
    (row) =>
      !row.retracted &&
      (filters.from === undefined || (row.ends_on ?? row.occurred_on) >= filters.from) &&
      (filters.to === undefined || row.occurred_on <= filters.to) &&
      (filters.kind === undefined || row.kind === filters.kind) &&
      (filters.stakeholder === undefined || row.stakeholders.includes(filters.stakeholder)) &&
      (filters.buildingBlock === undefined || row.building_blocks.includes(filters.buildingBlock)),
  );
  if (filters.q !== undefined && filters.q.trim() !== '') return kept;
  // Dates as YYYY-MM-DD and lower-case uuids sort as text exactly as PostgreSQL sorts them as date and uuid.
  const start = after === undefined ? '' : `${after.occurredOn} ${after.milestoneId.toLowerCase()}`;
  return kept
    .map((row) => ({ key: `${row.occurred_on} ${row.milestone_id.toLowerCase()}`, row }))
    .filter(({ key }) => key > start)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit)
    .map(({ row }) => row);
}

function toItem(row: ItemRow, lang: Language = 'en'): TimelineItemDto {
  const translated = lang === 'en' ? null : row[translatedTitleColumn(lang)];
  return {
    milestoneId: row.milestone_id,
    kind: row.kind,
    title: translated ?? row.title,
    ...(translated !== null && { originalTitle: row.title }),
    occurredOn: row.occurred_on,
    endsOn: row.ends_on,
    stakeholders: row.stakeholders,
    buildingBlocks: row.building_blocks,
    location: row.location,
    source:
      row.source_url === null && row.source_symbol === null
        ? null
        : { url: row.source_url, symbol: row.source_symbol, documentUrl: row.source_symbol === null ? null : unDocumentUrl(row.source_symbol, lang) },
    visibility: row.visibility,
    notes: row.notes,
    confirmed: row.confirmed,
    loggedAt: row.logged_at,
    correctedAt: row.corrected_at,
  };
}
