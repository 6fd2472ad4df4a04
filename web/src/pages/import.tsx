import { useEffect, useState } from 'preact/hooks';
import { ApiError, authHeaders, get, post, query, type ImportApplyResult, type ImportCellError, type ImportPreview, type ImportRow, type Problem } from '../api.js';
import { ErrorNote, FormMessage, Loading, useId, useLoad } from '../components.js';
import { canWrite, useApp } from '../context.js';
import { Link } from '../app.js';
import { isMessageKey } from '../i18n.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const POLL_MS = 500;
const ROWS_PER_PAGE = 100;
type RowFilter = '' | 'refused' | 'changed';

/** By the name's ending first: some systems call a .csv "application/vnd.ms-excel", which the service refuses. */
function contentTypeOf(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.csv') || name.endsWith('.txt')) return 'text/csv';
  return file.type || 'application/octet-stream';
}

/** Fetches a file with the page's credentials and hands it to the browser to save; a refusal is thrown as its problem. */
async function download(path: string, fileName: string): Promise<void> {
  const response = await fetch(path, { headers: authHeaders() });
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))) as Problem);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Not at once: a browser may still be reading the file when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function upload(processId: string, file: File): Promise<ImportPreview> {
  const response = await fetch(`/api/processes/${processId}/imports${query({ fileName: file.name })}`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': contentTypeOf(file), ...authHeaders() },
    body: file,
  });
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body as Problem);
  return body as ImportPreview;
}

export function ImportPage(props: { processId: string }) {
  const { t, session } = useApp();
  const [importId, setImportId] = useState<string | null>(null);
  // Bumped by each preview, so choosing the corrected file of the same name previews it again.
  const [previews, setPreviews] = useState(0);
  if (!canWrite(session)) return <p>{t('web.import.notAllowed')}</p>;
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t('web.import.title')}</h1>
      <p>{t('web.import.intro')}</p>
      <Downloads processId={props.processId} />
      <UploadForm
        processId={props.processId}
        hasPreview={importId !== null}
        onPreview={(preview) => {
          setImportId(preview.importId);
          setPreviews((n) => n + 1);
        }}
      />
      {importId && <Preview key={`${importId}:${previews}`} processId={props.processId} importId={importId} />}
    </section>
  );
}

function Downloads(props: { processId: string }) {
  const { t, lang } = useApp();
  const [error, setError] = useState<string | null>(null);
  const base = `/api/processes/${props.processId}`;
  const files = [
    { label: t('web.import.templateCsv'), path: `${base}/imports/template.csv?lang=${lang}`, name: 'import-template.csv' },
    { label: t('web.import.templateXlsx'), path: `${base}/imports/template.xlsx?lang=${lang}`, name: 'import-template.xlsx' },
    { label: t('web.import.timelineCsv'), path: `${base}/timeline.csv?lang=${lang}`, name: `timeline-${props.processId}.csv` },
    { label: t('web.import.timelineXlsx'), path: `${base}/timeline.xlsx?lang=${lang}`, name: `timeline-${props.processId}.xlsx` },
  ];
  return (
    <section class="import-downloads" aria-labelledby="import-downloads-title">
      <h2 id="import-downloads-title">{t('web.import.downloads')}</h2>
      <p class="muted">{t('web.import.downloadsHelp')}</p>
      <p class="actions">
        {files.map((file) => (
          <button key={file.path} type="button" class="secondary" onClick={() => download(file.path, file.name).then(() => setError(null), (e: Error) => setError(e.message))}>
            {file.label}
          </button>
        ))}
      </p>
      <FormMessage message={error === null ? null : { kind: 'error', text: error }} />
    </section>
  );
}

function UploadForm(props: { processId: string; hasPreview: boolean; onPreview: (preview: ImportPreview) => void }) {
  const { t } = useApp();
  const id = useId('import-file');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      props.onPreview(await upload(props.processId, file));
    } catch (e) {
      setError(e instanceof ApiError ? (e.problem.detail ?? e.problem.title ?? e.message) : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="import-upload"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <h2 id={`${id}-title`}>{props.hasPreview ? t('web.import.again') : t('web.import.choose')}</h2>
      <div class="field">
        <label for={id}>{t('web.import.file')}</label>
        <p class="hint" id={`${id}-hint`}>
          {t('web.import.fileHelp')}
        </p>
        <input id={id} name="file" type="file" accept=".csv,.xlsx,text/csv" aria-describedby={`${id}-hint`} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      </div>
      <p class="actions">
        <button type="submit" disabled={!file || busy}>
          {busy ? t('web.import.reading') : t('web.import.preview')}
        </button>
      </p>
      <FormMessage message={error === null ? null : { kind: 'error', text: error }} />
    </form>
  );
}

function Preview(props: { processId: string; importId: string }) {
  const { t } = useApp();
  const [filter, setFilter] = useState<RowFilter>('');
  // The `after` of each page shown so far: the last is the page on screen, the one before it is "previous".
  const [afters, setAfters] = useState<(number | undefined)[]>([undefined]);
  const after = afters[afters.length - 1];
  const path = `/api/processes/${props.processId}/imports/${props.importId}`;
  const page = useLoad((signal) => get<ImportPreview>(path + query({ after, status: filter || undefined, limit: ROWS_PER_PAGE }), signal), [path, after, filter]);
  const choose = (value: RowFilter) => {
    setFilter(value);
    setAfters([undefined]);
  };
  if (page.error) return <ErrorNote error={page.error} retry={page.reload} />;
  if (!page.data) return <Loading />;
  const preview = page.data;
  const { counts } = preview;
  return (
    <section class="import-preview" aria-labelledby="import-preview-title" data-testid="import-preview">
      <h2 id="import-preview-title">{t('web.import.previewOf', { file: preview.fileName })}</h2>
      <ul class="import-counts" data-testid="import-counts">
        <li>{t('web.import.count.new', { count: counts.new })}</li>
        <li>{t('web.import.count.unchanged', { count: counts.unchanged })}</li>
        <li>{t('web.import.count.changed', { count: counts.changed })}</li>
        <li>{t('web.import.count.refused', { count: counts.refused })}</li>
      </ul>
      {preview.columns.ignored.length > 0 && <p class="muted">{t('web.import.ignoredColumns', { columns: preview.columns.ignored.join(', ') })}</p>}
      {counts.refused > 0 && <p class="import-fix">{t('web.import.fixHelp')}</p>}
      <fieldset class="import-filter">
        <legend>{t('web.import.show')}</legend>
        {(['', 'refused', 'changed'] as const).map((value) => (
          <label key={value} class="check">
            <input type="radio" name="import-filter" value={value} checked={filter === value} onChange={() => choose(value)} />
            {t(value === '' ? 'web.import.show.all' : value === 'refused' ? 'web.import.show.refused' : 'web.import.show.changed')}
          </label>
        ))}
      </fieldset>
      {preview.rows.length === 0 ? (
        <p>{t('web.import.noRows')}</p>
      ) : (
        <div class="table-wrap">
          <table class="import-rows">
            <caption class="visually-hidden">{t('web.import.rows')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.import.row')}</th>
                <th scope="col">{t('web.import.status')}</th>
                <th scope="col">{t('web.import.what')}</th>
                <th scope="col">{t('web.import.details')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <RowLine key={row.row} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="actions">
        {afters.length > 1 && (
          <button type="button" class="secondary" onClick={() => setAfters((list) => list.slice(0, -1))}>
            {t('web.import.previousRows')}
          </button>
        )}
        {preview.nextAfter !== undefined && (
          <button type="button" class="secondary" onClick={() => setAfters((list) => [...list, preview.nextAfter])}>
            {t('web.import.nextRows')}
          </button>
        )}
      </p>
      <ApplyForm processId={props.processId} preview={preview} />
    </section>
  );
}

function RowLine(props: { row: ImportRow }) {
  const { t } = useApp();
  const row = props.row;
  const fields = row.fields ?? {};
  // A changed or unchanged row carries only what differs: without a new title, it is named by the id it matched.
  const title = typeof fields.title === 'string' ? fields.title : (row.milestoneId ?? row.deadlineId ?? '');
  return (
    <tr class={`import-row import-row--${row.status}`} data-row={row.row}>
      <td>{row.row}</td>
      <td>{t(`web.import.status.${row.status}`)}</td>
      <td>{title}</td>
      <td>
        {row.status === 'changed' && (
          <ul class="import-details">
            {row.changedFields.map((field) => (
              <li key={field}>{t('web.import.changedTo', { field: fieldLabel(t, field), value: shown(fields[field]) })}</li>
            ))}
          </ul>
        )}
        {row.status === 'refused' && (
          <ul class="import-details">
            {row.errors.map((error, i) => (
              <li key={i} class="import-reason">
                <CellReason error={error} />
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

function CellReason(props: { error: ImportCellError }) {
  const { t } = useApp();
  const { error } = props;
  // The reason in the reader's language when the page knows the code; the service's English otherwise.
  const known = `web.import.reason.${error.code}`;
  const reason = isMessageKey(known) ? t(known) : error.message;
  return <>{error.column ? t('web.import.cellReason', { row: error.row, column: error.column, reason }) : t('web.import.rowReason', { row: error.row, reason })}</>;
}

function fieldLabel(t: ReturnType<typeof useApp>['t'], field: string): string {
  const known = `web.import.field.${field}`;
  return isMessageKey(known) ? t(known) : field;
}

/** A corrected value as a reader would type it: lists joined, a cleared field as a dash. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return Object.values(value).filter((part) => part !== null && part !== '').join(' · ') || '—';
  return String(value);
}

function ApplyForm(props: { processId: string; preview: ImportPreview }) {
  const { t } = useApp();
  const id = useId('apply');
  const path = `/api/processes/${props.processId}/imports/${props.preview.importId}`;
  const [asDrafts, setAsDrafts] = useState(false);
  const [progress, setProgress] = useState<{ rowsDone: number; rowsTotal: number } | null>(null);
  const [result, setResult] = useState<ImportApplyResult | null>(props.preview.result ?? null);
  const [error, setError] = useState<string | null>(null);
  const applying = progress !== null && result === null;

  useEffect(() => {
    if (!applying) return;
    // The apply answers once every row is written; meanwhile the import says how far it got.
    const timer = setInterval(() => {
      get<ImportPreview>(path + query({ limit: 1 })).then(
        // A poll answered after a later one, or after the apply, must not move the bar back.
        (status) => setProgress((current) => (current === null ? null : { rowsDone: Math.max(current.rowsDone, status.rowsDone), rowsTotal: status.rowsTotal })),
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [applying, path]);

  const apply = async () => {
    setError(null);
    setProgress({ rowsDone: 0, rowsTotal: props.preview.rowsTotal });
    try {
      const applied = await post<ImportApplyResult>(`${path}/apply`, { asDrafts });
      setProgress({ rowsDone: props.preview.rowsTotal, rowsTotal: props.preview.rowsTotal });
      setResult(applied);
    } catch (e) {
      setProgress(null);
      setError(e instanceof ApiError ? (e.problem.detail ?? e.problem.title ?? e.message) : (e as Error).message);
    }
  };

  if (result) {
    return (
      <section class="import-done" aria-labelledby={`${id}-done`}>
        <h3 id={`${id}-done`}>{t('web.import.done')}</h3>
        {progress && <Progress id={id} progress={progress} />}
        <p role="status" data-testid="import-result">
          {t('web.import.result', { logged: result.logged, corrected: result.corrected, deadlines: result.deadlinesSet + result.deadlinesChanged, unchanged: result.unchanged, refused: result.refused })}
        </p>
        <p>
          {/* minPosition: the timeline waits until it shows what the apply wrote. */}
          <Link href={`/processes/${props.processId}${query({ minPosition: result.position })}`}>{t('web.import.toTimeline')}</Link>
        </p>
      </section>
    );
  }
  const accepted = props.preview.rowsTotal;
  return (
    <form
      class="import-apply"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void apply();
      }}
    >
      <h3 id={`${id}-title`}>{t('web.import.applyTitle')}</h3>
      <p>{accepted === 0 ? t('web.import.nothingToApply') : t('web.import.willApply', { count: accepted })}</p>
      <label class="check">
        <input type="checkbox" name="asDrafts" checked={asDrafts} disabled={applying} onChange={(e) => setAsDrafts(e.currentTarget.checked)} />
        {t('web.import.asDrafts')}
      </label>
      <p class="actions">
        <button type="submit" disabled={accepted === 0 || applying}>
          {t('web.import.apply')}
        </button>
      </p>
      {progress && <Progress id={id} progress={progress} />}
      <FormMessage message={error === null ? null : { kind: 'error', text: error }} />
    </form>
  );
}

/** The bar and its words: the words are the live region, so a screen reader hears the rows written. */
function Progress(props: { id: string; progress: { rowsDone: number; rowsTotal: number } }) {
  const { t } = useApp();
  const { rowsDone, rowsTotal } = props.progress;
  return (
    <div class="import-progress">
      <progress aria-label={t('web.import.applying')} aria-describedby={`${props.id}-progress-label`} max={Math.max(rowsTotal, 1)} value={rowsDone} />
      <p id={`${props.id}-progress-label`} role="status" aria-live="polite" data-testid="import-progress">
        {t('web.import.progress', { done: rowsDone, total: rowsTotal })}
      </p>
    </div>
  );
}
