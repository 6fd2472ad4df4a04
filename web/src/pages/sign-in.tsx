import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, post, request, type Session, type SignInOptions } from '../api.js';
import { Field, FormMessage, inputValue, Loading, Select, useSubmission } from '../components.js';
import { useApp } from '../context.js';
import { LANGUAGES, type MessageKey } from '../i18n.js';

/** What the fragment of a link in an e-mail, the first-start link or the provider's refusal asks the page to do. */
export type Landing = { kind: 'link' | 'first-admin'; token: string } | { kind: 'sign-in'; error: string | null };

/** Reads `#/sign-in/link?token=…`, `#/sign-in/first-admin?token=…` and `#/sign-in?error=…`: fragments never reach the server. */
export function landingOf(hash: string): Landing | null {
  const match = /^#\/sign-in(?:\/(link|first-admin))?(?:\?(.*))?$/.exec(hash);
  if (!match) return null;
  const params = new URLSearchParams(match[2] ?? '');
  if (!match[1]) return { kind: 'sign-in', error: params.get('error') };
  const token = params.get('token');
  return token ? { kind: match[1] as 'link' | 'first-admin', token } : null;
}

/** Removes the fragment, secret included, from the address bar and the history entry. */
export function forgetFragment(): void {
  history.replaceState(history.state, '', location.pathname + location.search);
}

const OIDC_ERRORS: Record<string, MessageKey> = {
  'oidc-attempt-unknown': 'web.signIn.oidc.attempt-unknown',
  'oidc-rejected': 'web.signIn.oidc.rejected',
  'oidc-email-unverified': 'web.signIn.oidc.email-unverified',
  'oidc-unknown-person': 'web.signIn.oidc.unknown-person',
  'oidc-person-deactivated': 'web.signIn.oidc.person-deactivated',
};

/** The sign-in panel: a link by e-mail, the organisation's provider when set up, and an API token for integrations. */
export function SignInPanel(props: { error?: string | null; onToken: (token: string) => void; onClose: () => void }) {
  const { t } = useApp();
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    get<SignInOptions>('/api/sign-in/options').then(setOptions, () => setOptions({ emailLink: true, oidc: null }));
  }, []);
  const providerError = props.error ? t(OIDC_ERRORS[props.error] ?? 'web.signIn.oidc.other') : undefined;
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title" tabIndex={-1} ref={heading}>
        {t('web.signIn.title')}
      </h2>
      {providerError && (
        <p class="form-message form-message--error" role="alert">
          {providerError}
        </p>
      )}
      <EmailLinkForm />
      {options?.oidc && (
        <div class="sign-in-provider">
          <p class="muted">{t('web.signIn.or')}</p>
          <button
            type="button"
            class="secondary"
            // A page navigation, not a fetch: the provider's pages take over and send the browser back here.
            onClick={() => location.assign(`${options.oidc!.path}?returnTo=${encodeURIComponent(location.pathname)}`)}
          >
            {t('web.signIn.withProvider', { provider: options.oidc.providerName })}
          </button>
        </div>
      )}
      <details class="sign-in-token">
        <summary>{t('web.signIn.useToken')}</summary>
        <TokenForm onToken={props.onToken} />
      </details>
      <div class="actions">
        <button type="button" class="secondary" onClick={props.onClose}>
          {t('web.signIn.cancel')}
        </button>
      </div>
    </section>
  );
}

function EmailLinkForm() {
  const { t } = useApp();
  const [email, setEmail] = useState('');
  const { busy, errors, message, submit, setMessage } = useSubmission();
  const send = async (event: Event) => {
    event.preventDefault();
    const sent = await submit(() => post('/api/sign-in/email', { email: email.trim() }), { success: t('web.signIn.sent') });
    if (!sent) return;
    setEmail('');
  };
  return (
    <form onSubmit={send} data-testid="email-sign-in">
      <Field label={t('web.signIn.email')} hint={t('web.signIn.emailHelp')} error={errors.email}>
        {(id, describedBy) => (
          <input
            id={id}
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            aria-describedby={describedBy}
            onInput={(e) => {
              setEmail(inputValue(e));
              setMessage(null);
            }}
          />
        )}
      </Field>
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {t('web.signIn.sendLink')}
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}

function TokenForm(props: { onToken: (token: string) => void }) {
  const { t } = useApp();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await request<Session>('/api/session', { token: token.trim() });
      props.onToken(token.trim());
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 401 ? t('web.signIn.bad') : (failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <Field label={t('web.signIn.token')} hint={t('web.signIn.help')} error={error}>
        {(id, describedBy) => (
          <input id={id} name="token" type="password" autoComplete="off" required value={token} aria-describedby={describedBy} onInput={(e) => setToken(inputValue(e))} />
        )}
      </Field>
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {t('web.signIn.submit')}
        </button>
      </div>
    </form>
  );
}

/** Landing from an e-mailed link: signs in with its token at once (once per mount: key it by the token), or says the link is spent and offers a new one. */
export function LinkLanding(props: { token: string; onSignedIn: () => void; onAskAgain: () => void }) {
  const { t } = useApp();
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    post('/api/sign-in/link', { token: props.token }).then(
      () => {
        forgetFragment();
        props.onSignedIn();
      },
      (error: unknown) => {
        forgetFragment();
        setFailure(error instanceof ApiError && error.status === 401 ? t('web.signIn.linkInvalid') : t('web.app.error', { detail: (error as Error).message }));
      },
    );
  }, []);
  useEffect(() => heading.current?.focus(), [failure]);
  return (
    <section class="sign-in" aria-labelledby="landing-title">
      <h1 id="landing-title" tabIndex={-1} ref={heading}>
        {t('web.signIn.landing')}
      </h1>
      {failure === null ? (
        <Loading />
      ) : (
        <>
          <p class="form-message form-message--error" role="alert">
            {failure}
          </p>
          <div class="actions">
            <button type="button" onClick={props.onAskAgain}>
              {t('web.signIn.askAgain')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The first admin's sign-up, from the link the first start printed. */
export function FirstAdminForm(props: { token: string; onSignedIn: () => void }) {
  const { t, lang } = useApp();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [language, setLanguage] = useState<string>(lang);
  const { busy, errors, message, submit } = useSubmission();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const save = async (event: Event) => {
    event.preventDefault();
    const done = await submit(() => post('/api/sign-in/first-admin', { token: props.token, email: email.trim(), displayName: displayName.trim(), language }), {
      success: t('web.firstAdmin.done'),
    });
    if (!done) return;
    forgetFragment();
    props.onSignedIn();
  };
  return (
    <section class="sign-in" aria-labelledby="first-admin-title">
      <form onSubmit={save}>
        <h1 id="first-admin-title" tabIndex={-1} ref={heading}>
          {t('web.firstAdmin.title')}
        </h1>
        <p>{t('web.firstAdmin.help')}</p>
        <Field label={t('web.people.email')} error={errors.email}>
          {(id, describedBy) => <input id={id} name="email" type="email" autoComplete="email" required value={email} aria-describedby={describedBy} onInput={(e) => setEmail(inputValue(e))} />}
        </Field>
        <Field label={t('web.people.name')} error={errors.displayName}>
          {(id, describedBy) => <input id={id} name="displayName" autoComplete="name" required value={displayName} aria-describedby={describedBy} onInput={(e) => setDisplayName(inputValue(e))} />}
        </Field>
        <Field label={t('web.people.language')} error={errors.language}>
          {(id, describedBy) => <Select id={id} name="language" value={language} options={LANGUAGES} label={(l) => t(`web.lang.${l}`)} describedBy={describedBy} onChange={setLanguage} />}
        </Field>
        <div class="actions">
          <button type="submit" aria-disabled={busy}>
            {t('web.firstAdmin.submit')}
          </button>
        </div>
        <FormMessage message={message} />
      </form>
    </section>
  );
}
