import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, capabilitiesOf, get, post, tokenStore, type Person, type Session } from './api.js';
import { inputValue, Loading } from './components.js';
import { App, canAdminister, canAudit, canWrite, useApp } from './context.js';
import { initialLanguage, isLang, LANGUAGES, loadTranslator, rememberLanguage, textDirection, type Lang, type Translate } from './i18n.js';
import { AdminPage } from './pages/admin.js';
import { AuditPage } from './pages/audit.js';
import { BlocksPage } from './pages/blocks.js';
import { DeadlinesPage } from './pages/deadlines.js';
import { ImportPage } from './pages/import.js';
import { ProcessesPage } from './pages/processes.js';
import { ProfilePage } from './pages/profile.js';
import { FirstAdminForm, forgetFragment, landingOf, LinkLanding, SignInPanel, type Landing } from './pages/sign-in.js';
import { TimelinePage } from './pages/timeline.js';

const PUBLIC: Session = { signedIn: false, capabilities: [] };

type Route =
  | { page: 'processes' }
  | { page: 'timeline' | 'blocks' | 'deadlines' | 'import'; processId: string }
  | { page: 'audit' | 'admin' | 'profile' }
  | { page: 'not-found' };

/** The same page routes the service answers with index.html (src/web/web-interface.ts). */
function route(path: string): Route {
  if (path === '/') return { page: 'processes' };
  if (path === '/audit') return { page: 'audit' };
  if (path === '/admin') return { page: 'admin' };
  if (path === '/profile') return { page: 'profile' };
  const match = /^\/processes\/([0-9a-f-]{36})(?:\/(building-blocks|deadlines|import))?$/i.exec(path);
  if (!match) return { page: 'not-found' };
  const page = match[2] === 'building-blocks' ? 'blocks' : match[2] === 'deadlines' ? 'deadlines' : match[2] === 'import' ? 'import' : 'timeline';
  return { page, processId: match[1] };
}

interface Language {
  lang: Lang;
  t: Translate;
}

/** Shows the page once the reader's catalogue has arrived; a newly chosen language replaces the old one when its catalogue is in. */
export function Root() {
  const [language, setLanguage] = useState<Language | null>(null);
  const choose = (lang: Lang) => loadTranslator(lang).then((t) => setLanguage({ lang, t }));
  useEffect(() => {
    void choose(initialLanguage());
  }, []);
  if (language === null) return null;
  return (
    <Shell
      language={language}
      onLanguage={(lang) => {
        rememberLanguage(lang);
        void choose(lang);
      }}
    />
  );
}

function Shell(props: { language: Language; onLanguage: (lang: Lang) => void }) {
  const { lang, t } = props.language;
  const [path, setPath] = useState(location.pathname);
  const [session, setSession] = useState<Session | null>(null);
  const [token, setToken] = useState(tokenStore.get());
  // Counts sign-ins and sign-outs by cookie: with the token, it keys what the pages loaded as whom.
  const [signIns, setSignIns] = useState(0);
  const [landing, setLanding] = useState<Landing | null>(() => landingOf(location.hash));
  const credential = `${token ?? 'cookie'}:${signIns}`;

  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    const onHash = () => setLanding(landingOf(location.hash));
    addEventListener('popstate', onPop);
    addEventListener('hashchange', onHash);
    return () => {
      removeEventListener('popstate', onPop);
      removeEventListener('hashchange', onHash);
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = textDirection(lang);
    document.title = t('web.app.title');
  }, [lang, t]);

  useEffect(() => {
    // The session cookie, if any, goes with this request by itself; an ended session reads as the public view.
    get<Session>('/api/session').then(setSession, (error: unknown) => {
      // A token revoked since sign-in falls back to the public view.
      if (error instanceof ApiError && error.status === 401) {
        tokenStore.clear();
        setToken(null);
      }
      setSession(PUBLIC);
    });
  }, [credential]);

  const navigate = (to: string) => {
    history.pushState(null, '', to);
    // The route is the path alone: a link may carry a query (the timeline's minPosition).
    setPath(location.pathname);
    scrollTo(0, 0);
    document.getElementById('main')?.focus();
  };

  const signedInByCookie = () => {
    // The cookie now speaks for this page: a pasted token would override it.
    tokenStore.clear();
    setToken(null);
    setLanding(null);
    setSignIns((n) => n + 1);
    document.getElementById('main')?.focus();
  };

  const signOut = async () => {
    // Ends the cookie's session on the server; a pasted token is only forgotten by this tab.
    await post('/api/sign-out').catch(() => undefined);
    tokenStore.clear();
    setToken(null);
    setSignIns((n) => n + 1);
    navigate('/');
  };

  const current = route(path);
  const shown = session ?? PUBLIC;
  const context = { lang, t, session: shown, navigate, sessionChanged: () => setSignIns((n) => n + 1) };
  const changeLanguage = (value: string) => {
    if (isLang(value)) props.onLanguage(value);
  };
  const signingIn = landing?.kind === 'sign-in' && !shown.signedIn;

  return (
    <App.Provider value={context}>
      <a class="skip" href="#main">
        {t('web.app.skip')}
      </a>
      <header class="top">
        <div class="top-inner">
          <Link href="/" class="brand">
            {t('web.app.title')}
          </Link>
          <nav aria-label={t('web.nav.main')}>
            <ul class="nav">
              <li>
                <Link href="/" current={current.page === 'processes'}>
                  {t('web.nav.processes')}
                </Link>
              </li>
              {canAudit(shown) && (
                <li>
                  <Link href="/audit" current={current.page === 'audit'}>
                    {t('web.nav.audit')}
                  </Link>
                </li>
              )}
              {canAdminister(shown) && (
                <li>
                  <Link href="/admin" current={current.page === 'admin'}>
                    {t('web.nav.admin')}
                  </Link>
                </li>
              )}
              {shown.personId && (
                <li>
                  <Link href="/profile" current={current.page === 'profile'}>
                    {t('web.nav.profile')}
                  </Link>
                </li>
              )}
            </ul>
          </nav>
          <div class="tools">
            <label class="language">
              <span>{t('web.app.language')}</span>
              <select name="language" value={lang} onChange={(e) => changeLanguage(inputValue(e))}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {t(`web.lang.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            {shown.signedIn ? (
              <span class="who">
                <span data-testid="who">{t('web.app.signedInAs', { name: shown.name ?? '', role: t(`web.role.${shown.role ?? 'viewer'}`) })}</span>{' '}
                <button type="button" class="link-button" onClick={signOut}>
                  {t('web.app.signOut')}
                </button>
              </span>
            ) : (
              <span class="who">
                <span class="muted">{t('web.app.public')}</span>{' '}
                <button type="button" class="link-button" aria-expanded={signingIn} onClick={() => setLanding(signingIn ? null : { kind: 'sign-in', error: null })}>
                  {t('web.app.signIn')}
                </button>
              </span>
            )}
          </div>
        </div>
      </header>
      {signingIn && (
        <SignInPanel
          error={landing.error}
          onToken={(newToken) => {
            tokenStore.set(newToken);
            setToken(newToken);
            setLanding(null);
            forgetFragment();
            // The panel that held the focus is gone: the keyboard carries on from the page's content.
            document.getElementById('main')?.focus();
          }}
          onClose={() => {
            setLanding(null);
            forgetFragment();
          }}
        />
      )}
      <main id="main" tabIndex={-1}>
        {landing?.kind === 'link' ? (
          <LinkLanding key={landing.token} token={landing.token} onSignedIn={signedInByCookie} onAskAgain={() => setLanding({ kind: 'sign-in', error: null })} />
        ) : landing?.kind === 'first-admin' ? (
          <FirstAdminForm token={landing.token} onSignedIn={signedInByCookie} />
        ) : session === null ? (
          <Loading />
        ) : (
          <Page route={current} credential={credential} />
        )}
      </main>
    </App.Provider>
  );
}

function Page(props: { route: Route; credential: string }) {
  const { t } = useApp();
  const r = props.route;
  const key = props.credential;
  // Keyed by credential: signing in or out reloads what the page shows.
  switch (r.page) {
    case 'processes':
      return <ProcessesPage key={key} />;
    case 'timeline':
      return <ProcessFrame key={key} processId={r.processId} page="timeline"><TimelinePage processId={r.processId} /></ProcessFrame>;
    case 'blocks':
      return <ProcessFrame key={key} processId={r.processId} page="blocks"><BlocksPage processId={r.processId} /></ProcessFrame>;
    case 'deadlines':
      return <ProcessFrame key={key} processId={r.processId} page="deadlines"><DeadlinesPage processId={r.processId} /></ProcessFrame>;
    case 'import':
      return <ProcessFrame key={key} processId={r.processId} page="import"><ImportPage processId={r.processId} /></ProcessFrame>;
    case 'audit':
      return <AuditPage key={key} />;
    case 'admin':
      return <AdminPage key={key} />;
    case 'profile':
      return <ProfilePage key={key} />;
    default:
      return <p>{t('web.app.notFound')}</p>;
  }
}

function ProcessFrame(props: { processId: string; page: 'timeline' | 'blocks' | 'deadlines' | 'import'; children: ComponentChildren }) {
  const app = useApp();
  const { t, session } = app;
  const [title, setTitle] = useState('');
  const [processRole, setProcessRole] = useState<Person['processRoles'][number]['role'] | null>(null);
  useEffect(() => {
    get<{ title: string }>(`/api/processes/${props.processId}`).then((p) => setTitle(p.title), () => setTitle(''));
  }, [props.processId]);
  useEffect(() => {
    if (!session.personId) return setProcessRole(null);
    // A role given on this process stands in for the tracker-wide one here, so the page offers the forms it allows.
    get<Person>('/api/me').then((me) => setProcessRole(me.processRoles.find((r) => r.processId === props.processId)?.role ?? null), () => setProcessRole(null));
  }, [props.processId, session.personId]);
  const here = processRole ? { ...app, session: { ...session, role: processRole, capabilities: capabilitiesOf(processRole) } } : app;
  const base = `/processes/${props.processId}`;
  return (
    <App.Provider value={here}>
      <p class="process-title" dir="auto">{title}</p>
      <nav aria-label={t('web.nav.process')} class="tabs">
        <ul>
          <li>
            <Link href={base} current={props.page === 'timeline'}>
              {t('web.nav.timeline')}
            </Link>
          </li>
          <li>
            <Link href={`${base}/building-blocks`} current={props.page === 'blocks'}>
              {t('web.nav.blocks')}
            </Link>
          </li>
          <li>
            <Link href={`${base}/deadlines`} current={props.page === 'deadlines'}>
              {t('web.nav.deadlines')}
            </Link>
          </li>
          {canWrite(here.session) && (
            <li>
              <Link href={`${base}/import`} current={props.page === 'import'}>
                {t('web.import.tab')}
              </Link>
            </li>
          )}
        </ul>
      </nav>
      {props.children}
    </App.Provider>
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
