import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { useApp } from './context.js';

let nextId = 0;
export const useId = (prefix: string) => useRef(`${prefix}-${++nextId}`).current;

/** A labelled control with its API validation message beside it, tied by aria-describedby. */
export function Field(props: { label: string; error?: string; hint?: string; children: (id: string, describedBy?: string) => ComponentChildren }) {
  const id = useId('f');
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${props.error ? ' field--invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.hint && <p class="hint" id={`${id}-hint`}>{props.hint}</p>}
      {props.children(id, describedBy)}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A group of checkboxes with one legend and one validation message. */
export function Checkboxes<T extends string | number>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  label: (option: T) => string;
  value: T[];
  onChange: (value: T[]) => void;
  error?: string;
}) {
  const id = useId('g');
  return (
    <fieldset class={`checkboxes${props.error ? ' field--invalid' : ''}`} aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={String(option)} class="check">
          <input
            type="checkbox"
            name={props.name}
            value={String(option)}
            checked={props.value.includes(option)}
            onChange={(event) => {
              const checked = (event.currentTarget as HTMLInputElement).checked;
              props.onChange(checked ? [...props.value, option] : props.value.filter((v) => v !== option));
            }}
          />
          {props.label(option)}
        </label>
      ))}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

export function Select<T extends string | number>(props: {
  id: string;
  name: string;
  value: string;
  options: readonly T[];
  label: (option: T) => string;
  empty?: string;
  describedBy?: string;
  onChange: (value: string) => void;
}) {
  return (
    <select id={props.id} name={props.name} value={String(props.value)} aria-describedby={props.describedBy} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.options.map((option) => (
        <option key={String(option)} value={String(option)}>
          {props.label(option)}
        </option>
      ))}
    </select>
  );
}

export const inputValue = (event: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => event.currentTarget.value;

/** The state of one form submission: field errors from the API's problem+json, or a general message. */
export function useSubmission() {
  const { t } = useApp();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // Buttons are only aria-disabled while a request is out (a disabled button drops the keyboard's focus), so a second press is ignored here.
  const inFlight = useRef(false);
  const submit = async (action: () => Promise<unknown>, options: { prefix?: string; success?: string } = {}) => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await action();
      setMessage({ kind: 'ok', text: options.success ?? t('web.form.saved') });
      return true;
    } catch (error) {
      if (error instanceof ApiError) {
        const fields = error.fieldErrors(options.prefix);
        setErrors(fields);
        const text =
          error.status === 412 ? t('web.form.conflict') : Object.keys(fields).length > 0 ? t('web.form.invalid') : (error.problem.detail ?? error.message);
        setMessage({ kind: 'error', text });
      } else {
        setMessage({ kind: 'error', text: (error as Error).message });
      }
      return false;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return { busy, errors, message, submit, setMessage };
}

export function FormMessage(props: { message: { kind: 'ok' | 'error'; text: string } | null }) {
  if (!props.message) return null;
  return (
    <p class={`form-message form-message--${props.message.kind}`} role={props.message.kind === 'error' ? 'alert' : 'status'}>
      {props.message.text}
    </p>
  );
}

export function Loading() {
  const { t } = useApp();
  return <p class="muted" role="status">{t('web.app.loading')}</p>;
}

export function ErrorNote(props: { error: unknown; retry?: () => void }) {
  const { t } = useApp();
  const detail = props.error instanceof Error ? props.error.message : String(props.error);
  return (
    <div class="error-note" role="alert">
      <p>{t('web.app.error', { detail })}</p>
      {props.retry && (
        <button type="button" onClick={props.retry}>
          {t('web.app.retry')}
        </button>
      )}
    </div>
  );
}

/** Loads data when its inputs change and again on demand (e.g. when the live feed says so). */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error: unknown) => !controller.signal.aborted && setState({ error, loading: false }),
    );
    return () => controller.abort();
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export function Chip(props: { children: ComponentChildren; kind?: string; title?: string }) {
  return (
    <span class={`chip${props.kind ? ` chip--${props.kind}` : ''}`} title={props.title}>
      {props.children}
    </span>
  );
}

/**
 * Asks before an action that cannot be undone, in a modal <dialog>: focus stays inside it while
 * open, Escape cancels, and the browser gives focus back to the button that opened it.
 */
export function ConfirmDialog(props: { title: string; children: ComponentChildren; confirm: string; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useApp();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId('dialog');
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="confirm" aria-labelledby={`${id}-title`} onCancel={props.onCancel}>
      <h2 id={`${id}-title`}>{props.title}</h2>
      {props.children}
      <div class="actions">
        <button type="button" class="danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirm}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel} autoFocus>
          {t('web.form.cancel')}
        </button>
      </div>
    </dialog>
  );
}
