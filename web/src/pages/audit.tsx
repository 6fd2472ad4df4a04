import { useState } from 'preact/hooks';
import { get, query, type AuditEntry, type Page, type Verification } from '../api.js';
import { ErrorNote, Field, inputValue, Loading, useLoad } from '../components.js';
import { canAudit, useApp } from '../context.js';
import { formatInstant } from '../i18n.js';

interface Filters {
  actor: string;
  type: string;
  from: string;
  to: string;
  after: string;
}

const NO_FILTERS: Filters = { actor: '', type: '', from: '', to: '', after: '' };
const PAGE = 100;

/** Date pickers give days; the audit filters take instants: from the start of one day to the end of the other. */
const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const dayEnd = (day: string) => (day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined);

export function AuditPage() {
  const { t, session } = useApp();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const allowed = canAudit(session);
  const params = { actor: filters.actor || undefined, type: filters.type || undefined, from: dayStart(filters.from), to: dayEnd(filters.to), limit: PAGE };
  const first = useLoad(
    async (signal) => {
      if (!allowed) return { items: [] } as Page<AuditEntry>;
      setMore([]);
      const page = await get<Page<AuditEntry>>(`/api/audit${query({ ...params, after: filters.after || undefined })}`, signal);
      setNext(page.nextCursor);
      return page;
    },
    [allowed, JSON.stringify(filters)],
  );
  const set = (key: keyof Filters, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const entries = [...(first.data?.items ?? []), ...more];
  const loadMore = async () => {
    const page = await get<Page<AuditEntry>>(`/api/audit${query({ ...params, after: filters.after || undefined, cursor: next })}`);
    setMore((list) => [...list, ...page.items]);
    setNext(page.nextCursor);
  };

  if (!allowed) {
    return (
      <section aria-labelledby="audit-title">
        <h1 id="audit-title">{t('web.audit.title')}</h1>
        <p>{t('web.audit.needsRole')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('web.audit.title')}</h1>
      <p>{t('web.audit.help')}</p>
      <Verify />
      <form
        class="filters filters--inline"
        aria-label={t('web.timeline.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        <Field label={t('web.audit.actor')}>{(id) => <input id={id} name="actor" value={draft.actor} onInput={(e) => set('actor', inputValue(e))} />}</Field>
        <Field label={t('web.audit.type')}>{(id) => <input id={id} name="type" value={draft.type} placeholder="MilestoneLogged" onInput={(e) => set('type', inputValue(e))} />}</Field>
        <Field label={t('web.timeline.from')}>{(id) => <input id={id} name="from" type="date" value={draft.from} onInput={(e) => set('from', inputValue(e))} />}</Field>
        <Field label={t('web.timeline.to')}>{(id) => <input id={id} name="to" type="date" value={draft.to} onInput={(e) => set('to', inputValue(e))} />}</Field>
        <Field label={t('web.audit.after')}>{(id) => <input id={id} name="after" type="number" min={0} value={draft.after} onInput={(e) => set('after', inputValue(e))} />}</Field>
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
      {first.error ? (
        <ErrorNote error={first.error} retry={first.reload} />
      ) : !first.data ? (
        <Loading />
      ) : entries.length === 0 ? (
        <p>{t('web.audit.empty')}</p>
      ) : (
        <>
          <AuditTable entries={entries} />
          {next && (
            <button type="button" class="secondary" onClick={() => void loadMore()}>
              {t('web.audit.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function AuditTable(props: { entries: AuditEntry[] }) {
  const { t, lang } = useApp();
  const number = new Intl.NumberFormat(lang);
  return (
    <div class="table-wrap">
      <table class="audit">
        <thead>
          <tr>
            <th scope="col">{t('web.audit.position')}</th>
            <th scope="col">{t('web.audit.recordedAt')}</th>
            <th scope="col">{t('web.audit.type')}</th>
            <th scope="col">{t('web.audit.actor')}</th>
            <th scope="col">{t('web.audit.stream')}</th>
            <th scope="col">{t('web.audit.hash')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry) => (
            <tr key={entry.position}>
              <td class="num">{number.format(entry.position)}</td>
              <td>{formatInstant(lang, entry.recordedAt)}</td>
              <td>
                <details>
                  <summary>{entry.type}</summary>
                  <pre class="small">{JSON.stringify(entry.data, null, 2)}</pre>
                </details>
              </td>
              <td>{actorName(entry.actor)}</td>
              <td class="mono small">
                {entry.streamId} · v{number.format(entry.version)}
              </td>
              <td class="mono small" title={entry.hash}>
                {entry.hash.slice(0, 12)}…
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const actorName = (actor: AuditEntry['actor']) => `${actor.name}${actor.role ? ` (${actor.role})` : ''}`;

function Verify() {
  const { t } = useApp();
  const [state, setState] = useState<{ busy: boolean; result?: Verification; error?: unknown }>({ busy: false });
  const verify = async () => {
    setState({ busy: true });
    try {
      setState({ busy: false, result: await get<Verification>('/api/audit/verify') });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const r = state.result;
  return (
    <div class="panel verify">
      <button type="button" onClick={() => void verify()} disabled={state.busy}>
        {t('web.audit.verify')}
      </button>
      <div role="status" aria-live="polite" data-testid="verify-result">
        {state.busy && <p>{t('web.audit.verifying')}</p>}
        {r && r.ok && <p class="ok">✓ {t('web.audit.verifyOk', { count: r.checkedEvents })}</p>}
        {r && !r.ok && (
          <p class="broken">
            ✗ {r.firstBrokenPosition !== undefined ? t('web.audit.verifyBroken', { count: r.checkedEvents, position: r.firstBrokenPosition }) : t('web.audit.verifyBrokenAt', { count: r.checkedEvents })}
          </p>
        )}
        {state.error !== undefined && <ErrorNote error={state.error} />}
      </div>
    </div>
  );
}
