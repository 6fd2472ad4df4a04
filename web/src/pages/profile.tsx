import { useState } from 'preact/hooks';
import { del, get, patch, post, ROLES, type Person, type PersonToken, type PersonWrite } from '../api.js';
import { ErrorNote, Field, FormMessage, inputValue, Loading, Select, useLoad, useSubmission } from '../components.js';
import { useApp } from '../context.js';
import { LANGUAGES } from '../i18n.js';
import { TokenList } from './admin.js';

/** One's own name, language and API tokens, and signing out of every device. */
export function ProfilePage() {
  const { t, session } = useApp();
  if (!session.personId) {
    return (
      <section aria-labelledby="profile-title">
        <h1 id="profile-title">{t('web.profile.title')}</h1>
        <p>{t('web.profile.needsPerson')}</p>
      </section>
    );
  }
  return <Profile />;
}

function Profile() {
  const { t } = useApp();
  const [minPosition, setMinPosition] = useState<number | undefined>();
  const [tokensChanged, setTokensChanged] = useState(0);
  const me = useLoad((signal) => get<Person>(`/api/me${minPosition ? `?minPosition=${minPosition}` : ''}`, signal), [minPosition]);
  return (
    <div class="with-side">
      <section class="content" aria-labelledby="profile-title">
        <h1 id="profile-title">{t('web.profile.title')}</h1>
        {me.error ? <ErrorNote error={me.error} retry={me.reload} /> : !me.data ? <Loading /> : <ProfileForm key={me.data.displayName + me.data.language} me={me.data} onSaved={setMinPosition} />}
        <h2>{t('web.tokens.title')}</h2>
        <p class="muted">{t('web.profile.tokensHelp')}</p>
        <TokenList load={() => get<{ items: PersonToken[] }>('/api/me/tokens')} revoke={(tokenId) => del<PersonWrite>(`/api/me/tokens/${tokenId}`)} reloadKey={tokensChanged} />
      </section>
      <aside class="side">
        <NewTokenForm onCreated={() => setTokensChanged((n) => n + 1)} />
        <SignOutEverywhere />
      </aside>
    </div>
  );
}

function ProfileForm(props: { me: Person; onSaved: (position: number) => void }) {
  const { t } = useApp();
  const [displayName, setDisplayName] = useState(props.me.displayName);
  const [language, setLanguage] = useState<string>(props.me.language);
  const { busy, errors, message, submit } = useSubmission();
  return (
    <form
      class="panel"
      onSubmit={async (event) => {
        event.preventDefault();
        let position: number | undefined;
        if (await submit(async () => (position = (await patch<PersonWrite>('/api/me', { displayName: displayName.trim(), language })).position))) props.onSaved(position!);
      }}
    >
      <p>
        {t('web.people.email')}: <strong>{props.me.email}</strong> · {t(`web.role.${props.me.role}`)}
      </p>
      <Field label={t('web.people.name')} error={errors.displayName}>
        {(id, describedBy) => <input id={id} name="displayName" required value={displayName} aria-describedby={describedBy} onInput={(e) => setDisplayName(inputValue(e))} />}
      </Field>
      <Field label={t('web.people.language')} hint={t('web.profile.languageHelp')} error={errors.language}>
        {(id, describedBy) => <Select id={id} name="language" value={language} options={LANGUAGES} label={(l) => t(`web.lang.${l}`)} describedBy={describedBy} onChange={setLanguage} />}
      </Field>
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {t('web.form.submit')}
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}

function NewTokenForm(props: { onCreated: () => void }) {
  const { t } = useApp();
  const [name, setName] = useState('');
  const [role, setRole] = useState('viewer');
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const { busy, errors, message, submit } = useSubmission();
  return (
    <form
      class="panel"
      data-testid="new-token"
      onSubmit={async (event) => {
        event.preventDefault();
        setSecret(null);
        setCopied(false);
        let created: PersonWrite | undefined;
        if (!(await submit(async () => (created = await post<PersonWrite>('/api/me/tokens', { name: name.trim(), role })), { success: t('web.tokens.made') }))) return;
        setSecret(created?.token ?? null);
        setName('');
        props.onCreated();
      }}
    >
      <h2>{t('web.tokens.new')}</h2>
      <Field label={t('web.tokens.name')} hint={t('web.tokens.nameHelp')} error={errors.name}>
        {(id, describedBy) => <input id={id} name="name" required value={name} aria-describedby={describedBy} onInput={(e) => setName(inputValue(e))} />}
      </Field>
      <Field label={t('web.tokens.role')} error={errors.role}>
        {(id, describedBy) => <Select id={id} name="role" value={role} options={ROLES} label={(r) => t(`web.role.${r}`)} describedBy={describedBy} onChange={setRole} />}
      </Field>
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {t('web.tokens.create')}
        </button>
      </div>
      <FormMessage message={message} />
      {secret && (
        <Field label={t('web.tokens.secret')} hint={t('web.tokens.secretHelp')}>
          {(id, describedBy) => (
            <div class="copy-row">
              <input id={id} class="mono" readOnly value={secret} aria-describedby={describedBy} onFocus={(e) => e.currentTarget.select()} />
              <button type="button" class="small secondary" onClick={() => navigator.clipboard.writeText(secret).then(() => setCopied(true), () => setCopied(false))}>
                {copied ? t('web.deadlines.copied') : t('web.deadlines.copy')}
              </button>
            </div>
          )}
        </Field>
      )}
    </form>
  );
}

function SignOutEverywhere() {
  const { t, navigate, sessionChanged } = useApp();
  const { busy, message, submit } = useSubmission();
  return (
    <div class="panel">
      <h2>{t('web.profile.everywhere')}</h2>
      <p class="muted">{t('web.profile.everywhereHelp')}</p>
      <div class="actions">
        <button
          type="button"
          class="danger"
          aria-disabled={busy}
          onClick={async () => {
            if (!(await submit(() => post('/api/sign-out/everywhere')))) return;
            sessionChanged();
            navigate('/');
          }}
        >
          {t('web.profile.everywhereButton')}
        </button>
      </div>
      <FormMessage message={message} />
    </div>
  );
}
