import { useEffect, useRef, useState } from 'preact/hooks';
import { allPages, ApiError, authHeaders, query, type Problem, type TimelineItem } from '../api.js';
import { Chip, ErrorNote, Field, FormMessage, inputValue, Loading, Select, useLoad } from '../components.js';
import { canWrite, useApp } from '../context.js';
import { formatDay, formatInstant } from '../i18n.js';
import { LiveStatus, useLive } from '../use-live.js';
import { BUILDING_BLOCKS, MILESTONE_KINDS, STAKEHOLDER_GROUPS } from '../vocabulary.js';
import { MilestoneForm, RetractForm } from './milestone-form.js';

interface Filters {
  kind: string;
  stakeholder: string;
  buildingBlock: string;
  from: string;
  to: string;
  q: string;
  asOf: string;
}

const NO_FILTERS: Filters = { kind: '', stakeholder: '', buildingBlock: '', from: '', to: '', q: '', asOf: '' };

/** The picker holds a local date and time; the API wants an instant with an offset. */
const asOfInstant = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function TimelinePage(props: { processId: string }) {
  const { t, lang, session } = useApp();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // A link from a write elsewhere (an import) carries its position, so the timeline waits to show it.
  const [minPosition, setMinPosition] = useState<number | undefined>(() => positionIn(location.search));
  const params = {
    kind: filters.kind || undefined,
    stakeholder: filters.stakeholder || undefined,
    buildingBlock: filters.buildingBlock || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    q: filters.q.trim() || undefined,
    asOf: asOfInstant(filters.asOf),
    lang,
  };
  const timeline = useLoad(
    (signal) => allPages<TimelineItem>(`/api/processes/${props.processId}/timeline`, { ...params, limit: 500, minPosition }, signal),
    [props.processId, JSON.stringify(params), minPosition],
  );
  const live = useLive(props.processId, timeline.reload);
  const editor = canWrite(session);
  const set = (key: keyof Filters, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const [csvError, setCsvError] = useState<string | null>(null);
  const downloadCsv = async () => {
    setCsvError(null);
    try {
      const response = await fetch(`/api/processes/${props.processId}/timeline.csv${query(params)}`, { headers: authHeaders() });
      // A refusal is a problem+json body: say so rather than save it as the CSV.
      if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))) as Problem);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `timeline-${props.processId}.csv`;
      link.click();
      // Not at once: a browser may still be reading the file when click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      setCsvError((error as Error).message);
    }
  };

  const saved = (position: number) => setMinPosition(position);

  return (
    <div class="with-side">
      <section class="content" aria-labelledby="timeline-title">
        <div class="heading-row">
          <h1 id="timeline-title">{t('web.timeline.title')}</h1>
          <div class="actions no-print">
            <button type="button" class="secondary" onClick={() => print()}>
              {t('web.timeline.print')}
            </button>
            <button type="button" class="secondary" onClick={() => void downloadCsv()}>
              {t('web.timeline.csv')}
            </button>
          </div>
        </div>
        <FormMessage message={csvError === null ? null : { kind: 'error', text: csvError }} />
        <LiveStatus state={live.state} updatedAt={live.updatedAt} />
        <NewMilestones items={timeline.data} filters={JSON.stringify(params)} />
        <FilterSummary filters={filters} />
        {filters.asOf && <p class="as-of-note">{t('web.timeline.asOfNote', { date: formatInstant(lang, asOfInstant(filters.asOf)!) })}</p>}
        {timeline.error ? (
          <ErrorNote error={timeline.error} retry={timeline.reload} />
        ) : !timeline.data ? (
          <Loading />
        ) : (
          <>
            <p class="muted" data-testid="timeline-count">{t('web.timeline.count', { count: timeline.data.length })}</p>
            {timeline.data.length === 0 ? <p>{t('web.timeline.empty')}</p> : <Years items={timeline.data} processId={props.processId} editor={editor} onSaved={saved} />}
          </>
        )}
      </section>
      <aside class="side no-print">
        {/* On a phone the filters start folded, so the timeline comes first. */}
        <details class="filters-box" open={!matchMedia('(max-width: 60rem)').matches}>
        <summary>
          <h2 id="filters-title">{t('web.timeline.filters')}</h2>
        </summary>
        <form
          class="filters"
          aria-labelledby="filters-title"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters(draft);
          }}
        >
          <Field label={t('web.timeline.kind')}>
            {(id) => <Select id={id} name="kind" value={draft.kind} options={MILESTONE_KINDS} label={(k) => t(`web.kind.${k}`)} empty={t('web.timeline.any')} onChange={(v) => set('kind', v)} />}
          </Field>
          <Field label={t('web.timeline.stakeholder')}>
            {(id) => <Select id={id} name="stakeholder" value={draft.stakeholder} options={STAKEHOLDER_GROUPS} label={(g) => t(`web.group.${g}`)} empty={t('web.timeline.any')} onChange={(v) => set('stakeholder', v)} />}
          </Field>
          <Field label={t('web.timeline.block')}>
            {(id) => <Select id={id} name="buildingBlock" value={draft.buildingBlock} options={BUILDING_BLOCKS.map(String)} label={(n) => `${n}. ${t(`web.bb.${n as '1'}`)}`} empty={t('web.timeline.any')} onChange={(v) => set('buildingBlock', v)} />}
          </Field>
          <div class="row">
            <Field label={t('web.timeline.from')}>{(id) => <input id={id} name="from" type="date" value={draft.from} onInput={(e) => set('from', inputValue(e))} />}</Field>
            <Field label={t('web.timeline.to')}>{(id) => <input id={id} name="to" type="date" value={draft.to} onInput={(e) => set('to', inputValue(e))} />}</Field>
          </div>
          <Field label={t('web.timeline.q')}>{(id) => <input id={id} name="q" type="search" value={draft.q} onInput={(e) => set('q', inputValue(e))} />}</Field>
          <Field label={t('web.timeline.asOf')} hint={t('web.timeline.asOfHelp')}>
            {(id, d) => <input id={id} name="asOf" type="datetime-local" step={1} value={draft.asOf} aria-describedby={d} onInput={(e) => set('asOf', inputValue(e))} />}
          </Field>
          <div class="actions">
            <button type="submit">{t('web.timeline.apply')}</button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft(NO_FILTERS);
                setFilters(NO_FILTERS);
              }}
            >
              {t('web.timeline.clear')}
            </button>
          </div>
        </form>
        </details>
        {editor && <MilestoneForm processId={props.processId} onSaved={saved} />}
      </aside>
    </div>
  );
}

/** On paper the filters' form is gone, so the printout says which milestones it shows. */
/**
 * Tells a screen reader, without interrupting it, which milestones an update brought: the region is
 * always on the page, so a change of its text is announced; a change of filters announces nothing.
 */
function NewMilestones(props: { items: TimelineItem[] | undefined; filters: string }) {
  const { t } = useApp();
  const shown = useRef<{ filters: string; ids: Set<string> } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    if (props.items === undefined) return;
    const before = shown.current;
    shown.current = { filters: props.filters, ids: new Set(props.items.map((item) => item.milestoneId)) };
    if (before === null || before.filters !== props.filters) return;
    const fresh = props.items.filter((item) => !before.ids.has(item.milestoneId));
    if (fresh.length > 0) setAnnouncement(t('web.timeline.newMilestones', { count: fresh.length, titles: fresh.map((item) => item.title).join('; ') }));
  }, [props.items]);
  return (
    <p class="visually-hidden" aria-live="polite" data-testid="new-milestones">
      {announcement}
    </p>
  );
}

function FilterSummary(props: { filters: Filters }) {
  const { t, lang } = useApp();
  const f = props.filters;
  const parts = [
    f.kind && `${t('web.timeline.kind')}: ${t(`web.kind.${f.kind as 'other'}`)}`,
    f.stakeholder && `${t('web.timeline.stakeholder')}: ${t(`web.group.${f.stakeholder as 'States'}`)}`,
    f.buildingBlock && `${t('web.timeline.block')}: ${f.buildingBlock}. ${t(`web.bb.${f.buildingBlock as '1'}`)}`,
    f.from && `${t('web.timeline.from')}: ${formatDay(lang, f.from)}`,
    f.to && `${t('web.timeline.to')}: ${formatDay(lang, f.to)}`,
    f.q.trim() && `${t('web.timeline.q')}: “${f.q.trim()}”`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return <p class="filter-summary">{`${t('web.timeline.filters')}: ${parts.join(' · ')}`}</p>;
}

function Years(props: { items: TimelineItem[]; processId: string; editor: boolean; onSaved: (position: number) => void }) {
  const years = new Map<string, TimelineItem[]>();
  for (const item of props.items) {
    const year = item.occurredOn.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), item]);
  }
  return (
    <div class="timeline">
      {[...years].map(([year, items]) => (
        <section key={year} class="year" aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`} class="year-title">
            {year}
          </h2>
          <ol class="milestones">
            {items.map((item) => (
              <Milestone key={item.milestoneId} item={item} processId={props.processId} editor={props.editor} onSaved={props.onSaved} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

function Milestone(props: { item: TimelineItem; processId: string; editor: boolean; onSaved: (position: number) => void }) {
  const { t, lang } = useApp();
  const [editing, setEditing] = useState<'correct' | 'retract' | null>(null);
  const item = props.item;
  const done = (position: number) => {
    setEditing(null);
    props.onSaved(position);
  };
  return (
    <li class={`milestone milestone--${item.visibility}`} data-milestone-id={item.milestoneId} data-occurred-on={item.occurredOn}>
      <p class="when">
        <time dateTime={item.occurredOn}>{formatDay(lang, item.occurredOn)}</time>
        {item.endsOn && item.endsOn !== item.occurredOn && <span> – <time dateTime={item.endsOn}>{formatDay(lang, item.endsOn)}</time></span>}
      </p>
      {/* Titles and notes are in whatever language they were written in: each takes its own direction. */}
      <h3 class="milestone-title" dir="auto">{item.title}</h3>
      {item.originalTitle && <p class="muted small">{t('web.timeline.original', { title: item.originalTitle })}</p>}
      <p class="chips">
        <Chip kind="kind">{t(`web.kind.${item.kind as 'other'}`)}</Chip>
        {item.stakeholders.map((group) => (
          <Chip key={group} kind="group">
            {t(`web.group.${group as 'States'}`)}
          </Chip>
        ))}
        {item.buildingBlocks.map((n) => (
          <Chip key={n} kind="block" title={t(`web.bb.${n as 1}`)}>
            {t('web.bb.short', { n })}
          </Chip>
        ))}
        {item.visibility !== 'public' && <Chip kind={item.visibility}>{t(`web.visibility.${item.visibility}`)}</Chip>}
        {!item.confirmed && <Chip kind="unconfirmed">{t('web.timeline.unconfirmed')}</Chip>}
      </p>
      {(item.source?.url || item.source?.symbol || item.location) && (
        <p class="source small">
          {item.location && <span>{item.location}</span>}
          {item.location && (item.source?.url || item.source?.symbol) && ' · '}
          {item.source?.symbol &&
            (item.source.documentUrl ? (
              <a class="symbol" href={item.source.documentUrl} rel="noopener noreferrer" target="_blank" lang={lang}>
                <bdi dir="ltr">{item.source.symbol}</bdi>
              </a>
            ) : (
              <bdi dir="ltr" class="symbol">
                {item.source.symbol}
              </bdi>
            ))}
          {item.source?.symbol && otherSource(item.source) && ' · '}
          {otherSource(item.source) && (
            <a href={item.source!.url!} rel="noopener noreferrer" target="_blank">
              {t('web.timeline.source')}: <bdi dir="ltr">{hostOf(item.source!.url!)}</bdi>
            </a>
          )}
        </p>
      )}
      {item.notes && <p class="notes small" dir="auto">{item.notes}</p>}
      {item.correctedAt && <p class="muted small">{t('web.timeline.corrected', { date: formatInstant(lang, item.correctedAt) })}</p>}
      {props.editor && editing === null && (
        <p class="actions no-print">
          <button type="button" class="secondary small" onClick={() => setEditing('correct')}>
            {t('web.timeline.correct')}
          </button>
          <button type="button" class="secondary small" onClick={() => setEditing('retract')}>
            {t('web.timeline.retract')}
          </button>
        </p>
      )}
      {editing === 'correct' && <MilestoneForm processId={props.processId} item={item} onSaved={done} onCancel={() => setEditing(null)} />}
      {editing === 'retract' && <RetractForm processId={props.processId} item={item} onSaved={done} onCancel={() => setEditing(null)} />}
    </li>
  );
}

const DOCUMENT_SYSTEM_HOSTS = ['undocs.org', 'docs.un.org', 'documents.un.org'];

/** A source URL worth its own link: not one to the same document the symbol already links to. */
function otherSource(source: TimelineItem['source']): boolean {
  if (!source?.url) return false;
  if (!source.symbol || !source.documentUrl) return true;
  return !DOCUMENT_SYSTEM_HOSTS.includes(hostOf(source.url).replace(/^www\./, ''));
}

function positionIn(search: string): number | undefined {
  const value = Number(new URLSearchParams(search).get('minPosition'));
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
