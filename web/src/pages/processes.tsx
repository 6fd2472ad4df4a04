import { Link } from '../app.js';
import { allPages, type ProcessSummary } from '../api.js';
import { ErrorNote, Loading, useLoad } from '../components.js';
import { useApp } from '../context.js';
import { formatDay, formatInstant, relativeTime } from '../i18n.js';

export function ProcessesPage() {
  const { t, lang } = useApp();
  const processes = useLoad((signal) => allPages<ProcessSummary>('/api/processes', { limit: 100 }, signal), []);
  return (
    <section aria-labelledby="processes-title">
      <h1 id="processes-title">{t('processes.title')}</h1>
      {processes.error ? (
        <ErrorNote error={processes.error} retry={processes.reload} />
      ) : !processes.data ? (
        <Loading />
      ) : processes.data.length === 0 ? (
        <p>{t('processes.empty')}</p>
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
                  <dt>{t('processes.nextDeadline')}</dt>
                  <dd>
                    {process.nextDeadline ? (
                      <>
                        {process.nextDeadline.title}: {formatInstant(lang, process.nextDeadline.dueAt)}{' '}
                        <span class="muted">({relativeTime(lang, new Date(process.nextDeadline.dueAt), new Date())})</span>
                      </>
                    ) : (
                      t('processes.none')
                    )}
                  </dd>
                </div>
                <div>
                  <dt>{t('processes.lastActivity')}</dt>
                  <dd>
                    {process.lastActivity ? (
                      <>
                        {formatDay(lang, process.lastActivity.occurredOn)}: {process.lastActivity.title}
                      </>
                    ) : (
                      t('processes.none')
                    )}
                  </dd>
                </div>
              </dl>
              <p class="counts">
                {t('processes.milestones', { count: process.counts.milestones })} · {t('processes.openDeadlines', { count: process.counts.openDeadlines })}
                {process.reviewDueAt && <> · {t('processes.reviewDue', { date: /^\d{4}-\d{2}-\d{2}$/.test(process.reviewDueAt) ? formatDay(lang, process.reviewDueAt) : formatInstant(lang, process.reviewDueAt) })}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
