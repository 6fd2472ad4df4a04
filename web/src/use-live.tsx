import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from './context.js';
import { formatTime } from './i18n.js';
import { followProcess, type LiveState } from './live.js';

/** Reloads when someone else records an event of the process; bursts of events cause one reload. */
export function useLive(processId: string, reload: () => void) {
  const [state, setState] = useState<LiveState>('connecting');
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = followProcess(
      processId,
      () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          reloadRef.current();
          setUpdatedAt(new Date());
        }, 150);
      },
      setState,
    );
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [processId]);
  return { state, updatedAt };
}

export function LiveStatus(props: { state: LiveState; updatedAt: Date | null }) {
  const { t, lang } = useApp();
  const label = props.state === 'connected' ? t('web.live.connected') : props.state === 'connecting' ? t('web.live.connecting') : t('web.live.offline');
  return (
    <p class={`live live--${props.state}`} role="status" data-live={props.state}>
      <span class="live-dot" aria-hidden="true" />
      {label}
      {props.updatedAt && <span class="muted"> · {t('web.live.updated', { time: formatTime(lang, props.updatedAt) })}</span>}
    </p>
  );
}
