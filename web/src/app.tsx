import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, get, request, tokenStore, type Session } from './api.js';
import { Field, inputValue } from './components.js';
import { App, canAudit, useApp } from './context.js';
import { initialLanguage, isLang, LANGUAGES, rememberLanguage, translator, type Lang } from './i18n.js';
import { AuditPage } from './pages/audit.js';
import { BlocksPage } from './pages/blocks.js';
import { DeadlinesPage } from './pages/deadlines.js';
import { ProcessesPage } from './pages/processes.js';
import { TimelinePage } from './pages/timeline.js';

const PUBLIC: Session = { signedIn: false, capabilities: [] };

type Route =
  | { page: 'processes' }
  | { page: 'timeline' | 'blocks' | 'deadlines'; processId: string }
  | { page: 'audit' }
  | { page: 'not-found' };

/** The same page routes the service answers with index.html (src/web/web-interface.ts). */
function route(path: string): Route {
  if (path === '/') return { page: 'processes' };
  if (path === '/audit') return { page: 'audit' };
  const match = /^\/processes\/([0-9a-f-]{36})(?:\/(building-blocks|deadlines))?$/i.exec(path);
  if (!match) return { page: 'not-found' };
  const page = match[2] === 'building-blocks' ? 'blocks' : match[2] === 'deadlines' ? 'deadlines' : 'timeline';
  return { page, processId: match[1] };
}

export function Root() {
  const [lang, setLang] = useState<Lang>(initialLanguage);
  const [path, setPath] = useState(location.pathname);
  const [session, setSession] = useState<Session>(PUBLIC);
  const [token, setToken] = useState(tokenStore.get());
  const [signingIn, setSigningIn] = useState(false);
  const t = useMemo(() => translator(lang), [lang]);

  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);

  useEffect(() => {
    if (!token) return setSession(PUBLIC);
    get<Session>('/api/session').then(setSession, (error: unknown) => {
      // A token revoked since sign-in falls back to the public view.
      if (error instanceof ApiError && error.status === 401) {
        tokenStore.clear();
        setToken(null);
      }
    });
  }, [token]);

  const navigate = (to: string) => {
    history.pushState(null, '', to);
    setPath(to);
    scrollTo(0, 0);
    document.getElementById('main')?.focus();
  };

  const current = route(path);
  const context = { lang, t, session, navigate };
  const changeLanguage = (value: string) => {
    if (!isLang(value)) return;
    rememberLanguage(value);
    setLang(value);
  };

  return (
    <App.Provider value={context}>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="top">
        <div class="top-inner">
          <Link href="/" class="brand">
            {t('app.title')}
          </Link>
          <nav aria-label={t('nav.main')}>
            <ul class="nav">
              <li>
                <Link href="/" current={current.page === 'processes'}>
                  {t('nav.processes')}
                </Link>
              </li>
              {canAudit(session) && (
                <li>
                  <Link href="/audit" current={current.page === 'audit'}>
                    {t('nav.audit')}
                  </Link>
                </li>
              )}
            </ul>
          </nav>
          <div class="tools">
            <label class="language">
              <span>{t('app.language')}</span>
              <select name="language" value={lang} onChange={(e) => changeLanguage(inputValue(e))}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {t(`lang.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            {session.signedIn ? (
              <span class="who">
                <span data-testid="who">{t('app.signedInAs', { name: session.name ?? '', role: t(`role.${session.role ?? 'viewer'}`) })}</span>{' '}
                <button
                  type="button"
                  class="link-button"
                  onClick={() => {
                    tokenStore.clear();
                    setToken(null);
                  }}
                >
                  {t('app.signOut')}
                </button>
              </span>
            ) : (
              <span class="who">
                <span class="muted">{t('app.public')}</span>{' '}
                <button type="button" class="link-button" aria-expanded={signingIn} onClick={() => setSigningIn(!signingIn)}>
                  {t('app.signIn')}
                </button>
              </span>
            )}
          </div>
        </div>
      </header>
      {signingIn && !session.signedIn && (
        <SignIn
          onDone={(newToken) => {
            setSigningIn(false);
            if (newToken) setToken(newToken);
          }}
        />
      )}
      <main id="main" tabIndex={-1}>
        <Page route={current} token={token} />
      </main>
    </App.Provider>
  );
}

function Page(props: { route: Route; token: string | null }) {
  const { t } = useApp();
  const r = props.route;
  // Keyed by token: signing in or out reloads what the page shows.
  switch (r.page) {
    case 'processes':
      return <ProcessesPage key={props.token} />;
    case 'timeline':
      return <ProcessFrame processId={r.processId} page="timeline"><TimelinePage key={props.token} processId={r.processId} token={props.token} /></ProcessFrame>;
    case 'blocks':
      return <ProcessFrame processId={r.processId} page="blocks"><BlocksPage key={props.token} processId={r.processId} /></ProcessFrame>;
    case 'deadlines':
      return <ProcessFrame processId={r.processId} page="deadlines"><DeadlinesPage key={props.token} processId={r.processId} token={props.token} /></ProcessFrame>;
    case 'audit':
      return <AuditPage key={props.token} />;
    default:
      return <p>{t('app.notFound')}</p>;
  }
}

function ProcessFrame(props: { processId: string; page: 'timeline' | 'blocks' | 'deadlines'; children: ComponentChildren }) {
  const { t } = useApp();
  const [title, setTitle] = useState('');
  useEffect(() => {
    get<{ title: string }>(`/api/processes/${props.processId}`).then((p) => setTitle(p.title), () => setTitle(''));
  }, [props.processId]);
  const base = `/processes/${props.processId}`;
  return (
    <>
      <p class="process-title">{title}</p>
      <nav aria-label={t('nav.process')} class="tabs">
        <ul>
          <li>
            <Link href={base} current={props.page === 'timeline'}>
              {t('nav.timeline')}
            </Link>
          </li>
          <li>
            <Link href={`${base}/building-blocks`} current={props.page === 'blocks'}>
              {t('nav.blocks')}
            </Link>
          </li>
          <li>
            <Link href={`${base}/deadlines`} current={props.page === 'deadlines'}>
              {t('nav.deadlines')}
            </Link>
          </li>
        </ul>
      </nav>
      {props.children}
    </>
  );
}

/** An ordinary link (it opens in a new tab, it can be copied) that navigates without a reload. */
export function Link(props: { href: string; current?: boolean; class?: string; children: ComponentChildren }) {
  const { navigate } = useApp();
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

function SignIn(props: { onDone: (token?: string) => void }) {
  const { t } = useApp();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await request<Session>('/api/session', { token: token.trim() });
      tokenStore.set(token.trim());
      props.onDone(token.trim());
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 401 ? t('signIn.bad') : (failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <form onSubmit={submit}>
        <h2 id="sign-in-title">{t('signIn.title')}</h2>
        <Field label={t('signIn.token')} hint={t('signIn.help')} error={error}>
          {(id, describedBy) => (
            <input
              id={id}
              name="token"
              type="password"
              autoComplete="off"
              required
              value={token}
              aria-describedby={describedBy}
              onInput={(e) => setToken(inputValue(e))}
              autoFocus
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('signIn.submit')}
          </button>
          <button type="button" class="secondary" onClick={() => props.onDone()}>
            {t('signIn.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
