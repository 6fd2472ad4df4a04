import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { get, post, type Deadline, type Reminder, type ReminderChannel } from '../api.js';
import { Checkboxes, Chip, ErrorNote, Field, FormMessage, inputValue, Loading, Select, useLoad, useSubmission } from '../components.js';
import { canAdminister, canWrite, useApp } from '../context.js';
import { channelLabel, formatInstant, formatOffset, LANGUAGES, relativeTime } from '../i18n.js';
import { LiveStatus, useLive } from '../use-live.js';
import { DEADLINE_KINDS, REMINDER_OFFSETS } from '../vocabulary.js';
import { viewerTimeZone, zonedToIso } from '../zoned.js';

const OPEN = new Set(['upcoming', 'due-today', 'overdue']);
const REMINDER_STATES = ['sent', 'failed', 'queued', 'planned', 'skipped'] as const;

export function DeadlinesPage(props: { processId: string }) {
  const { t, session } = useApp();
  const [minPosition, setMinPosition] = useState<number | undefined>();
  const deadlines = useLoad(
    (signal) => get<{ items: Deadline[] }>(`/api/processes/${props.processId}/deadlines${minPosition ? `?minPosition=${minPosition}` : ''}`, signal),
    [props.processId, minPosition],
  );
  const live = useLive(props.processId, deadlines.reload);
  const now = useNow(30_000);
  const editor = canWrite(session);
  const items = deadlines.data?.items ?? [];
  const upcoming = items.filter((d) => OPEN.has(d.status) && new Date(d.dueAtUtc) >= now);
  const past = items.filter((d) => !upcoming.includes(d));
  return (
    <div class="with-side">
      <section class="content" aria-labelledby="deadlines-title">
        <h1 id="deadlines-title">{t('web.deadlines.title')}</h1>
        <LiveStatus state={live.state} updatedAt={live.updatedAt} />
        {deadlines.error ? (
          <ErrorNote error={deadlines.error} retry={deadlines.reload} />
        ) : !deadlines.data ? (
          <Loading />
        ) : (
          <>
            <h2>{t('web.deadlines.upcoming')}</h2>
            {upcoming.length === 0 ? <p class="muted">{t('web.deadlines.empty')}</p> : <DeadlineList items={upcoming} now={now} processId={props.processId} editor={editor} onSaved={setMinPosition} />}
            <h2>{t('web.deadlines.past')}</h2>
            {past.length === 0 ? <p class="muted">{t('web.deadlines.empty')}</p> : <DeadlineList items={past} now={now} processId={props.processId} editor={editor} onSaved={setMinPosition} />}
          </>
        )}
      </section>
      <aside class="side no-print">
        {editor && <CalendarFeed processId={props.processId} />}
        {editor && <SetDeadlineForm processId={props.processId} onSaved={setMinPosition} />}
        {canAdminister(session) && <SubscribeForm processId={props.processId} />}
      </aside>
    </div>
  );
}

function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function DeadlineList(props: { items: Deadline[]; now: Date; processId: string; editor: boolean; onSaved: (position: number) => void }) {
  return (
    <ol class="deadlines">
      {props.items.map((deadline) => (
        <DeadlineCard key={deadline.deadlineId} deadline={deadline} {...props} />
      ))}
    </ol>
  );
}

function DeadlineCard(props: { deadline: Deadline; now: Date; processId: string; editor: boolean; onSaved: (position: number) => void }) {
  const { t, lang } = useApp();
  const d = props.deadline;
  const [action, setAction] = useState<'move' | 'cancel' | null>(null);
  const { busy, message, submit } = useSubmission();
  // The buttons give way to the form and come back after it: the keyboard's focus follows both ways.
  const card = useRef<HTMLLIElement>(null);
  const closedAction = useRef<'move' | 'cancel' | null>(null);
  useLayoutEffect(() => {
    if (action !== null || closedAction.current === null) return;
    card.current?.querySelector<HTMLButtonElement>(`button[data-action="${closedAction.current}"]`)?.focus();
    closedAction.current = null;
  }, [action]);
  const due = new Date(d.dueAtUtc);
  const open = OPEN.has(d.status);
  const markMet = async () => {
    let position = 0;
    if (await submit(async () => (position = (await post<{ position: number }>(`/api/processes/${props.processId}/deadlines/${d.deadlineId}/completion`)).position))) props.onSaved(position);
  };
  return (
    <li class={`card deadline deadline--${d.status}`} data-deadline-id={d.deadlineId} ref={card}>
      <h3 dir="auto">{d.title}</h3>
      <p class="chips">
        <Chip kind="kind">{t(`web.dkind.${d.kind as 'other'}`)}</Chip>
        <Chip kind={`status-${d.status}`}>{t(`web.status.${d.status}`)}</Chip>
      </p>
      <p class="due">
        <strong>{t('web.deadlines.due', { date: formatInstant(lang, d.dueAtUtc, viewerTimeZone()) })}</strong>{' '}
        <span class="countdown" data-testid="countdown">
          {due >= props.now ? relativeTime(lang, due, props.now) : t('web.countdown.past', { rel: relativeTime(lang, due, props.now) })}
        </span>
      </p>
      {d.timezone !== viewerTimeZone() && <p class="muted small">{t('web.deadlines.dueThere', { date: formatInstant(lang, d.dueAtUtc, d.timezone), zone: d.timezone })}</p>}
      {d.statusReason && <p class="small">{d.statusReason}</p>}
      {d.moves.length > 0 && (
        <details>
          <summary>{t('web.deadlines.moves')} ({new Intl.NumberFormat(lang).format(d.moves.length)})</summary>
          <ul class="small">
            {d.moves.map((move) => (
              <li key={move.at}>{t('web.deadlines.moveLine', { from: formatInstant(lang, move.from), to: formatInstant(lang, move.to), reason: move.reason })}</li>
            ))}
          </ul>
        </details>
      )}
      {d.reminders ? <Reminders reminders={d.reminders} /> : d.reminderCounts && <ReminderCounts counts={d.reminderCounts} />}
      {props.editor && open && action === null && (
        <p class="actions no-print">
          <button type="button" class="secondary small" data-action="move" onClick={() => setAction('move')}>
            {t('web.deadlines.move')}
          </button>
          <button type="button" class="secondary small" aria-disabled={busy} onClick={() => void markMet()}>
            {t('web.deadlines.markMet')}
          </button>
          <button type="button" class="secondary small" data-action="cancel" onClick={() => setAction('cancel')}>
            {t('web.deadlines.cancel')}
          </button>
        </p>
      )}
      <FormMessage message={message} />
      {action && (
        <DeadlineActionForm
          processId={props.processId}
          deadline={d}
          action={action}
          onDone={(position) => {
            closedAction.current = action;
            setAction(null);
            if (position !== undefined) props.onSaved(position);
          }}
        />
      )}
    </li>
  );
}

function Reminders(props: { reminders: Reminder[] }) {
  const { t, lang } = useApp();
  return (
    <details class="reminders" open={props.reminders.some((r) => r.status === 'failed')}>
      <summary>
        {t('web.deadlines.reminders')} ({new Intl.NumberFormat(lang).format(props.reminders.length)})
      </summary>
      {props.reminders.length === 0 ? (
        <p class="muted small">{t('web.deadlines.noReminders')}</p>
      ) : (
        <div class="table-wrap">
          <table class="small">
            <thead>
              <tr>
                <th scope="col">{t('web.deadlines.channel')}</th>
                <th scope="col">{t('web.deadlines.offset')}</th>
                <th scope="col">{t('web.deadlines.dueAt')}</th>
                <th scope="col">{t('web.deadlines.state')}</th>
                <th scope="col">{t('web.deadlines.attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {props.reminders.map((r) => (
                <tr key={r.id}>
                  <td>{channelLabel(t, r.channel)}</td>
                  <td>{r.offset === 'overdue' ? t('web.status.overdue') : formatOffset(lang, r.offset)}</td>
                  <td>{formatInstant(lang, r.dueAt)}</td>
                  <td>
                    <Chip kind={`reminder-${r.status}`}>{t(`web.reminder.${r.status}`)}</Chip>
                    {r.late && <> {t('web.deadlines.late')}</>}
                    {r.sentAt && <div class="muted">{t('web.deadlines.sentAt', { date: formatInstant(lang, r.sentAt) })}</div>}
                    {r.lastError && <div class="field-error">{t('web.deadlines.error', { error: r.lastError })}</div>}
                  </td>
                  <td>{new Intl.NumberFormat(lang).format(r.attempts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

/** What readers who do not manage reminders get: how many are in each state. */
function ReminderCounts(props: { counts: NonNullable<Deadline['reminderCounts']> }) {
  const { t, lang } = useApp();
  const number = new Intl.NumberFormat(lang);
  const states = REMINDER_STATES.filter((status) => props.counts[status] > 0);
  return (
    <p class="small reminder-counts">
      {t('web.deadlines.reminders')}: {states.length === 0 ? t('web.deadlines.noReminders') : states.map((status) => `${number.format(props.counts[status])} ${t(`web.reminder.${status}`)}`).join(', ')}
    </p>
  );
}

function DeadlineActionForm(props: { processId: string; deadline: Deadline; action: 'move' | 'cancel'; onDone: (position?: number) => void }) {
  const { t } = useApp();
  const [dueAt, setDueAt] = useState(props.deadline.dueAt.slice(0, 16));
  const [reason, setReason] = useState('');
  const { busy, errors, message, submit } = useSubmission();
  const base = `/api/processes/${props.processId}/deadlines/${props.deadline.deadlineId}`;
  const form = useRef<HTMLFormElement>(null);
  useLayoutEffect(() => form.current?.querySelector('input')?.focus(), []);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    let position = 0;
    const ok = await submit(async () => {
      const body = props.action === 'move' ? { dueAt: dueAt ? zonedToIso(dueAt, props.deadline.timezone) : '', reason } : { reason };
      position = (await post<{ position: number }>(`${base}/${props.action === 'move' ? 'moves' : 'cancellation'}`, body)).position;
    });
    if (ok) props.onDone(position);
  };
  return (
    <form class="inline-form" onSubmit={onSubmit} noValidate ref={form}>
      {props.action === 'move' && (
        <Field label={`${t('web.deadlines.dueAtField')} (${props.deadline.timezone})`} error={errors.dueAt}>
          {(id, d) => <input id={id} name="dueAt" type="datetime-local" value={dueAt} aria-describedby={d} onInput={(e) => setDueAt(inputValue(e))} />}
        </Field>
      )}
      <Field label={t('web.form.reason')} error={errors.reason}>
        {(id, d) => <input id={id} name="reason" value={reason} aria-describedby={d} onInput={(e) => setReason(inputValue(e))} />}
      </Field>
      <FormMessage message={message} />
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {props.action === 'move' ? t('web.deadlines.move') : t('web.deadlines.cancel')}
        </button>
        <button type="button" class="secondary" onClick={() => props.onDone()}>
          {t('web.form.cancel')}
        </button>
      </div>
    </form>
  );
}

function SetDeadlineForm(props: { processId: string; onSaved: (position: number) => void }) {
  const { t, lang } = useApp();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState('');
  const [dueAt, setDueAt] = useState('');
  const [timezone, setTimezone] = useState(viewerTimeZone());
  const [remindBefore, setRemindBefore] = useState<string[]>([...REMINDER_OFFSETS]);
  const [notifyOverdue, setNotifyOverdue] = useState(true);
  const { busy, errors, message, submit } = useSubmission();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    let position = 0;
    const ok = await submit(async () => {
      position = (
        await post<{ position: number }>(`/api/processes/${props.processId}/deadlines`, {
          title,
          kind,
          dueAt: dueAt ? zonedToIso(dueAt, timezone) : '',
          timezone,
          remindBefore,
          notifyOverdue,
        })
      ).position;
    });
    if (ok) {
      setTitle('');
      setDueAt('');
      props.onSaved(position);
    }
  };
  return (
    <form class="panel" onSubmit={onSubmit} aria-labelledby="set-deadline-title" noValidate>
      <h2 id="set-deadline-title">{t('web.deadlines.set')}</h2>
      <Field label={t('web.deadlines.titleField')} error={errors.title}>
        {(id, d) => <input id={id} name="title" value={title} aria-describedby={d} onInput={(e) => setTitle(inputValue(e))} />}
      </Field>
      <Field label={t('web.deadlines.kind')} error={errors.kind}>
        {(id, d) => <Select id={id} name="kind" value={kind} options={DEADLINE_KINDS} label={(k) => t(`web.dkind.${k}`)} empty={t('web.form.choose')} describedBy={d} onChange={setKind} />}
      </Field>
      <Field label={t('web.deadlines.dueAtField')} error={errors.dueAt}>
        {(id, d) => <input id={id} name="dueAt" type="datetime-local" value={dueAt} aria-describedby={d} onInput={(e) => setDueAt(inputValue(e))} />}
      </Field>
      <Field label={t('web.deadlines.timezone')} error={errors.timezone}>
        {(id, d) => <input id={id} name="timezone" value={timezone} list="time-zones" aria-describedby={d} onInput={(e) => setTimezone(inputValue(e))} />}
      </Field>
      <datalist id="time-zones">
        {timeZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <Checkboxes legend={t('web.deadlines.remindBefore')} name="remindBefore" options={REMINDER_OFFSETS} label={(o) => formatOffset(lang, o)} value={remindBefore as (typeof REMINDER_OFFSETS)[number][]} onChange={setRemindBefore} error={errors.remindBefore} />
      <label class="check">
        <input type="checkbox" name="notifyOverdue" checked={notifyOverdue} onChange={(e) => setNotifyOverdue((e.currentTarget as HTMLInputElement).checked)} />
        {t('web.deadlines.notifyOverdue')}
      </label>
      <FormMessage message={message} />
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t('web.form.saving') : t('web.form.submit')}
        </button>
      </div>
    </form>
  );
}

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

function SubscribeForm(props: { processId: string }) {
  const { t, lang } = useApp();
  // The server's channels, in its order: a channel added there appears here with no change to the page.
  const channels = useLoad((signal) => get<{ items: ReminderChannel[] }>('/api/reminder-channels', signal), []).data?.items ?? [];
  const [chosen, setChannel] = useState<string>();
  const channel = chosen ?? channels[0]?.name ?? '';
  const addressKind = channels.find((c) => c.name === channel)?.addressKind ?? 'text';
  const [address, setAddress] = useState('');
  const [language, setLanguage] = useState<string>(lang);
  const [secret, setSecret] = useState<string | null>(null);
  const { busy, errors, message, submit } = useSubmission();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSecret(null);
    const ok = await submit(
      async () => {
        const result = await post<{ secret?: string }>(`/api/processes/${props.processId}/subscriptions`, { channel, address, language, timezone: viewerTimeZone() });
        setSecret(result.secret ?? null);
      },
      { success: t('web.deadlines.subscribed') },
    );
    if (ok) setAddress('');
  };
  return (
    <form class="panel" onSubmit={onSubmit} aria-labelledby="subscribe-title" noValidate>
      <h2 id="subscribe-title">{t('web.deadlines.subscribe')}</h2>
      <Field label={t('web.deadlines.channel')} error={errors.channel}>
        {(id, d) => <Select id={id} name="channel" value={channel} options={channels.map((c) => c.name)} label={(c) => channelLabel(t, c)} describedBy={d} onChange={setChannel} />}
      </Field>
      <Field label={t('web.deadlines.address')} error={errors.address}>
        {(id, d) => <input id={id} name="address" value={address} type={addressKind} aria-describedby={d} onInput={(e) => setAddress(inputValue(e))} />}
      </Field>
      <Field label={t('web.deadlines.language')} error={errors.language}>
        {(id, d) => <Select id={id} name="language" value={language} options={LANGUAGES} label={(l) => t(`web.lang.${l}`)} describedBy={d} onChange={setLanguage} />}
      </Field>
      <FormMessage message={message} />
      {secret && <p class="secret">{t('web.deadlines.secret', { secret })}</p>}
      <div class="actions">
        <button type="submit" disabled={busy || channels.length === 0}>
          {busy ? t('web.form.saving') : t('web.form.submit')}
        </button>
      </div>
    </form>
  );
}

function CalendarFeed(props: { processId: string }) {
  const { t } = useApp();
  const [label, setLabel] = useState('');
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const { busy, errors, message, submit } = useSubmission();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setCopied(false);
    await submit(async () => setUrl((await post<{ url: string }>(`/api/processes/${props.processId}/feed-keys`, { label })).url), { success: '' });
  };
  const copy = async () => {
    if (!url) return;
    await navigator.clipboard.writeText(url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <form class="panel" onSubmit={onSubmit} aria-labelledby="feed-title" noValidate>
      <h2 id="feed-title">{t('web.deadlines.feed')}</h2>
      <p class="small">{t('web.deadlines.feedHelp')}</p>
      <Field label={t('web.deadlines.feedLabel')} error={errors.label}>
        {(id, d) => <input id={id} name="label" value={label} aria-describedby={d} onInput={(e) => setLabel(inputValue(e))} />}
      </Field>
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {t('web.deadlines.feedCreate')}
        </button>
      </div>
      {message?.kind === 'error' && <FormMessage message={message} />}
      {url && (
        <Field label={t('web.deadlines.feedUrl')}>
          {(id) => (
            <div class="copy-row">
              <input id={id} name="feedUrl" dir="ltr" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
              <button type="button" class="secondary" onClick={() => void copy()}>
                {t('web.deadlines.copy')}
              </button>
              {copied && <span role="status">{t('web.deadlines.copied')}</span>}
            </div>
          )}
        </Field>
      )}
    </form>
  );
}
