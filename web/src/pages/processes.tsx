import { useEffect, useRef, useState } from 'preact/hooks';
import { Link } from '../app.js';
import { allPages, get, post, type ProcessSummary } from '../api.js';
import { ErrorNote, Field, FormMessage, inputValue, Loading, useLoad, useSubmission } from '../components.js';
import { canAdminister, canWrite, useApp } from '../context.js';
import { formatDay, formatInstant, relativeTime } from '../i18n.js';
import { viewerTimeZone } from '../zoned.js';

export function ProcessesPage() {
  const { t, lang, session } = useApp();
  const processes = useLoad((signal) => allPages<ProcessSummary>('/api/processes', { limit: 100 }, signal), []);
  const [creating, setCreating] = useState(false);
  const empty = processes.data?.length === 0;
  return (
    <section aria-labelledby="processes-title">
      <div class="heading-row">
        <h1 id="processes-title">{t('web.processes.title')}</h1>
        {canWrite(session) && !creating && !(empty && canAdminister(session)) && (
          <button type="button" onClick={() => setCreating(true)}>
            {t('web.processes.create')}
          </button>
        )}
      </div>
      {creating && <CreateProcessForm onCancel={() => setCreating(false)} />}
      {processes.error ? (
        <ErrorNote error={processes.error} retry={processes.reload} />
      ) : !processes.data ? (
        <Loading />
      ) : processes.data.length === 0 ? (
        canAdminister(session) && !creating ? (
          <EmptyTracker onCreate={() => setCreating(true)} />
        ) : (
          <p>{t('web.processes.empty')}</p>
        )
      ) : (
        <ul class="cards processes">
          {processes.data.map((process) => (
            <li key={process.id} class="card">
              <h2>
                <Link href={`/processes/${process.id}`}>{process.title}</Link>
              </h2>
              {process.mandate && <p class="muted">{process.mandate}</p>}
              <dl class="facts">
                <div>
                  <dt>{t('web.processes.nextDeadline')}</dt>
                  <dd>
                    {process.nextDeadline ? (
                      <>
                        {process.nextDeadline.title}: {formatInstant(lang, process.nextDeadline.dueAt)}{' '}
                        <span class="muted">({relativeTime(lang, new Date(process.nextDeadline.dueAt), new Date())})</span>
                      </>
                    ) : (
                      t('web.processes.none')
                    )}
                  </dd>
                </div>
                <div>
                  <dt>{t('web.processes.lastActivity')}</dt>
                  <dd>
                    {process.lastActivity ? (
                      <>
                        {formatDay(lang, process.lastActivity.occurredOn)}: {process.lastActivity.title}
                      </>
                    ) : (
                      t('web.processes.none')
                    )}
                  </dd>
                </div>
              </dl>
              <p class="counts">
                {t('web.processes.milestones', { count: process.counts.milestones })} · {t('web.processes.openDeadlines', { count: process.counts.openDeadlines })}
                {process.reviewDueAt && <> · {t('web.processes.reviewDue', { date: /^\d{4}-\d{2}-\d{2}$/.test(process.reviewDueAt) ? formatDay(lang, process.reviewDueAt) : formatInstant(lang, process.reviewDueAt) })}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** An empty tracker, seen by an admin: start a process of one's own, or look around the 2009–2022 demo. */
function EmptyTracker(props: { onCreate: () => void }) {
  const { t, navigate } = useApp();
  const { busy, message, submit } = useSubmission();
  const loadDemo = async () => {
    let processId: string | undefined;
    const loaded = await submit(async () => {
      const demo = await post<{ processId: string; position: number }>('/api/demo');
      processId = demo.processId;
      await get(`/api/processes/${processId}?minPosition=${demo.position}`);
    });
    if (loaded && processId) navigate(`/processes/${processId}`);
  };
  return (
    <div class="panel empty-tracker">
      <h2>{t('web.processes.emptyTitle')}</h2>
      <p>{t('web.processes.emptyHelp')}</p>
      <div class="actions">
        <button type="button" onClick={props.onCreate}>
          {t('web.processes.create')}
        </button>
        <button type="button" class="secondary" aria-disabled={busy} onClick={loadDemo}>
          {busy ? t('web.processes.demoLoading') : t('web.processes.demo')}
        </button>
      </div>
      <FormMessage message={message} />
    </div>
  );
}

function CreateProcessForm(props: { onCancel: () => void }) {
  const { t, navigate } = useApp();
  const [fields, setFields] = useState({ title: '', mandate: '', description: '', reviewDueAt: '', timezone: viewerTimeZone() });
  const { busy, errors, message, submit } = useSubmission();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const set = (name: keyof typeof fields) => (value: string) => setFields({ ...fields, [name]: value });
  const save = async (event: Event) => {
    event.preventDefault();
    // Optional fields left blank are left out: the service takes absent, not empty.
    const body = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
    let id: string | undefined;
    const done = await submit(async () => {
      const written = await post<{ id: string; position: number }>('/api/processes', body);
      id = written.id;
      await get(`/api/processes/${id}?minPosition=${written.position}`);
    });
    if (done && id) navigate(`/processes/${id}`);
  };
  return (
    <form class="panel" onSubmit={save} data-testid="process-form">
      <h2 tabIndex={-1} ref={heading}>
        {t('web.processes.create')}
      </h2>
      <Field label={t('web.processes.titleField')} error={errors.title}>
        {(id, describedBy) => <input id={id} name="title" required value={fields.title} aria-describedby={describedBy} onInput={(e) => set('title')(inputValue(e))} />}
      </Field>
      <Field label={t('web.processes.mandate')} hint={t('web.processes.mandateHelp')} error={errors.mandate}>
        {(id, describedBy) => <input id={id} name="mandate" value={fields.mandate} aria-describedby={describedBy} onInput={(e) => set('mandate')(inputValue(e))} />}
      </Field>
      <Field label={t('web.processes.description')} error={errors.description}>
        {(id, describedBy) => <textarea id={id} name="description" rows={4} value={fields.description} aria-describedby={describedBy} onInput={(e) => set('description')(inputValue(e))} />}
      </Field>
      <div class="row">
        <Field label={t('web.processes.reviewDueAt')} error={errors.reviewDueAt}>
          {(id, describedBy) => <input id={id} name="reviewDueAt" type="date" value={fields.reviewDueAt} aria-describedby={describedBy} onInput={(e) => set('reviewDueAt')(inputValue(e))} />}
        </Field>
        <Field label={t('web.deadlines.timezone')} error={errors.timezone}>
          {(id, describedBy) => <input id={id} name="timezone" value={fields.timezone} aria-describedby={describedBy} onInput={(e) => set('timezone')(inputValue(e))} />}
        </Field>
      </div>
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {t('web.form.submit')}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('web.form.cancel')}
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}
