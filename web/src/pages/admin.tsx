import { useEffect, useRef, useState } from 'preact/hooks';
import { allPages, del, get, post, put, ROLES, type Person, type PersonToken, type PersonWrite, type ProcessSummary } from '../api.js';
import { Chip, ConfirmDialog, ErrorNote, Field, FormMessage, inputValue, Loading, Select, useLoad, useSubmission } from '../components.js';
import { canAdminister, useApp } from '../context.js';
import { formatInstant, LANGUAGES } from '../i18n.js';

/** People, their roles and tokens, erasure and the sign-in policy: admins only. */
export function AdminPage() {
  const { t, session } = useApp();
  if (canAdminister(session)) return <AdminArea />;
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('web.admin.title')}</h1>
      <p>{t('web.admin.needsRole')}</p>
    </section>
  );
}

function AdminArea() {
  const { t } = useApp();
  const [minPosition, setMinPosition] = useState<number | undefined>();
  const people = useLoad((signal) => get<{ items: Person[] }>(`/api/people${minPosition ? `?minPosition=${minPosition}` : ''}`, signal), [minPosition]);
  const processes = useLoad((signal) => allPages<ProcessSummary>('/api/processes', { limit: 100 }, signal), []);
  const written = (position: number) => setMinPosition(position);
  const processList = processes.data ?? [];
  return (
    <div class="with-side">
      <section class="content" aria-labelledby="admin-title">
        <h1 id="admin-title">{t('web.admin.title')}</h1>
        <h2>{t('web.admin.people')}</h2>
        {people.error ? (
          <ErrorNote error={people.error} retry={people.reload} />
        ) : !people.data ? (
          <Loading />
        ) : (
          <ul class="people">
            {people.data.items.map((person) => (
              <PersonCard key={person.id} person={person} processes={processList} onWritten={written} />
            ))}
          </ul>
        )}
      </section>
      <aside class="side">
        <InviteForm processes={processList} onWritten={written} />
        <SignInPolicy />
      </aside>
    </div>
  );
}

function processTitle(processes: ProcessSummary[], processId: string): string {
  return processes.find((p) => p.id === processId)?.title ?? processId;
}

function InviteForm(props: { processes: ProcessSummary[]; onWritten: (position: number) => void }) {
  const { t, lang } = useApp();
  const empty = { email: '', displayName: '', language: lang as string, role: 'viewer', processId: '', processRole: 'editor' };
  const [fields, setFields] = useState(empty);
  const { busy, errors, message, submit } = useSubmission();
  const set = (name: keyof typeof empty) => (value: string) => setFields({ ...fields, [name]: value });
  const save = async (event: Event) => {
    event.preventDefault();
    let reply: PersonWrite | undefined;
    const body = {
      email: fields.email.trim(),
      displayName: fields.displayName.trim(),
      language: fields.language,
      role: fields.role,
      ...(fields.processId && { processRoles: [{ processId: fields.processId, role: fields.processRole }] }),
    };
    const done = await submit(async () => (reply = await post<PersonWrite>('/api/people', body)), { success: t('web.admin.invited') });
    if (!done || !reply) return;
    setFields(empty);
    props.onWritten(reply.position);
  };
  return (
    <form class="panel" onSubmit={save} data-testid="invite-form">
      <h2>{t('web.admin.invite')}</h2>
      <Field label={t('web.people.email')} error={errors.email}>
        {(id, describedBy) => <input id={id} name="email" type="email" required value={fields.email} aria-describedby={describedBy} onInput={(e) => set('email')(inputValue(e))} />}
      </Field>
      <Field label={t('web.people.name')} error={errors.displayName}>
        {(id, describedBy) => <input id={id} name="displayName" required value={fields.displayName} aria-describedby={describedBy} onInput={(e) => set('displayName')(inputValue(e))} />}
      </Field>
      <Field label={t('web.people.language')} hint={t('web.admin.languageHelp')} error={errors.language}>
        {(id, describedBy) => <Select id={id} name="language" value={fields.language} options={LANGUAGES} label={(l) => t(`web.lang.${l}`)} describedBy={describedBy} onChange={set('language')} />}
      </Field>
      <Field label={t('web.admin.trackerRole')} error={errors.role}>
        {(id, describedBy) => <Select id={id} name="role" value={fields.role} options={ROLES} label={(r) => t(`web.role.${r}`)} describedBy={describedBy} onChange={set('role')} />}
      </Field>
      <div class="row">
        <Field label={t('web.admin.onProcess')} hint={t('web.admin.onProcessHelp')} error={errors['processRoles.0.processId']}>
          {(id, describedBy) => (
            <Select
              id={id}
              name="processId"
              value={fields.processId}
              options={props.processes.map((p) => p.id)}
              label={(processId) => processTitle(props.processes, processId)}
              empty={t('web.admin.noProcess')}
              describedBy={describedBy}
              onChange={set('processId')}
            />
          )}
        </Field>
        {fields.processId && (
          <Field label={t('web.admin.processRole')} error={errors['processRoles.0.role']}>
            {(id, describedBy) => <Select id={id} name="processRole" value={fields.processRole} options={ROLES} label={(r) => t(`web.role.${r}`)} describedBy={describedBy} onChange={set('processRole')} />}
          </Field>
        )}
      </div>
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {t('web.admin.sendInvitation')}
        </button>
      </div>
      <FormMessage message={message} />
    </form>
  );
}

function PersonCard(props: { person: Person; processes: ProcessSummary[]; onWritten: (position: number) => void }) {
  const { t, lang } = useApp();
  const p = props.person;
  const base = `/api/people/${p.id}`;
  const [role, setRole] = useState<string>(p.role);
  const [grant, setGrant] = useState({ processId: '', role: 'editor' });
  const [showTokens, setShowTokens] = useState(false);
  const [erasing, setErasing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const [erased, setErased] = useState(false);
  // Once the modal dialog is gone (until then the rest of the page is inert), the keyboard goes to this person's card.
  useEffect(() => {
    if (erased) heading.current?.focus();
  }, [erased]);
  const { busy, errors, message, submit } = useSubmission();
  const write = async (action: () => Promise<{ position: number }>, success: string) => {
    let position: number | undefined;
    const done = await submit(async () => (position = (await action()).position), { success });
    if (done && position !== undefined) props.onWritten(position);
    return done;
  };
  const active = p.status !== 'deactivated';
  return (
    <li class={`card person person--${p.status}`} data-person-id={p.id}>
      <h3 ref={heading} tabIndex={-1}>
        {p.displayName}
      </h3>
      <p class="muted">{p.email ?? t('web.admin.erased')}</p>
      <p>
        <Chip kind={`person-${p.status}`}>{t(`web.status.person.${p.status}`)}</Chip> · {t('web.admin.since', { date: formatInstant(lang, p.joinedAt ?? p.invitedAt) })}
      </p>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void write(() => put(`${base}/role`, { role }), t('web.admin.roleChanged'));
        }}
      >
        <Field label={t('web.admin.trackerRole')} error={errors.role}>
          {(id, describedBy) => <Select id={id} name="role" value={role} options={ROLES} label={(r) => t(`web.role.${r}`)} describedBy={describedBy} onChange={setRole} />}
        </Field>
        <button type="submit" class="small" disabled={busy || role === p.role}>
          {t('web.admin.changeRole')}
        </button>
      </form>
      <h4>{t('web.admin.processRoles')}</h4>
      {p.processRoles.length === 0 ? (
        <p class="muted small">{t('web.admin.noProcessRoles')}</p>
      ) : (
        <ul class="process-roles">
          {p.processRoles.map((r) => (
            <li key={r.processId}>
              {t('web.admin.roleOn', { role: t(`web.role.${r.role}`), process: processTitle(props.processes, r.processId) })}{' '}
              <button type="button" class="small secondary" aria-disabled={busy} onClick={() => void write(() => del(`${base}/processes/${r.processId}/role`), t('web.admin.roleWithdrawn'))}>
                {t('web.admin.withdraw')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.processes.length > 0 && (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (grant.processId) void write(() => put(`${base}/processes/${grant.processId}/role`, { role: grant.role }), t('web.admin.roleGiven'));
          }}
        >
          <Field label={t('web.admin.onProcess')}>
            {(id) => (
              <Select
                id={id}
                name="processId"
                value={grant.processId}
                options={props.processes.map((x) => x.id)}
                label={(processId) => processTitle(props.processes, processId)}
                empty={t('web.form.choose')}
                onChange={(processId) => setGrant({ ...grant, processId })}
              />
            )}
          </Field>
          <Field label={t('web.admin.processRole')}>
            {(id) => <Select id={id} name="processRole" value={grant.role} options={ROLES} label={(r) => t(`web.role.${r}`)} onChange={(value) => setGrant({ ...grant, role: value })} />}
          </Field>
          <button type="submit" class="small" disabled={busy || !grant.processId}>
            {t('web.admin.giveRole')}
          </button>
        </form>
      )}
      <div class="actions">
        {active ? (
          <button type="button" class="secondary" aria-disabled={busy} onClick={() => void write(() => post(`${base}/deactivation`, {}), t('web.admin.deactivated'))}>
            {t('web.admin.deactivate')}
          </button>
        ) : (
          <button type="button" class="secondary" aria-disabled={busy} onClick={() => void write(() => del(`${base}/deactivation`), t('web.admin.reactivated'))}>
            {t('web.admin.reactivate')}
          </button>
        )}
        <button type="button" class="secondary" aria-expanded={showTokens} onClick={() => setShowTokens(!showTokens)}>
          {t('web.admin.tokens')}
        </button>
        {p.email && (
          <button type="button" class="danger" aria-disabled={busy} onClick={() => setErasing(true)}>
            {t('web.admin.erase')}
          </button>
        )}
      </div>
      <FormMessage message={message} />
      {showTokens && <TokenList load={() => get<{ items: PersonToken[] }>(`${base}/tokens`)} revoke={(tokenId) => del<PersonWrite>(`${base}/tokens/${tokenId}`)} />}
      {erasing && p.email && (
        <ConfirmDialog
          title={t('web.admin.eraseTitle', { name: p.displayName })}
          confirm={t('web.admin.eraseConfirm')}
          busy={busy}
          onCancel={() => setErasing(false)}
          onConfirm={async () => {
            let position: number | undefined;
            const done = await submit(async () => (position = (await post<{ position: number }>('/api/erasures', { address: p.email })).position), { success: t('web.admin.erasedDone') });
            setErasing(false);
            // The Erase button goes with the address: the keyboard must not fall to the page's top.
            setErased(done);
            if (done && position !== undefined) props.onWritten(position);
          }}
        >
          <p>{t('web.admin.eraseHelp', { address: p.email })}</p>
        </ConfirmDialog>
      )}
    </li>
  );
}

/** A person's API tokens, without secrets, each revocable; the profile page lists one's own with it too. */
export function TokenList(props: { load: () => Promise<{ items: PersonToken[] }>; revoke: (tokenId: string) => Promise<unknown>; reloadKey?: number }) {
  const { t, lang } = useApp();
  const tokens = useLoad(() => props.load(), [props.reloadKey]);
  const { busy, message, submit } = useSubmission();
  if (tokens.error) return <ErrorNote error={tokens.error} retry={tokens.reload} />;
  if (!tokens.data) return <Loading />;
  if (tokens.data.items.length === 0) return <p class="muted">{t('web.tokens.none')}</p>;
  return (
    <>
      <table class="tokens">
        <caption class="visually-hidden">{t('web.tokens.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('web.tokens.name')}</th>
            <th scope="col">{t('web.tokens.role')}</th>
            <th scope="col">{t('web.tokens.created')}</th>
            <th scope="col">{t('web.tokens.lastUsed')}</th>
            <th scope="col">{t('web.tokens.state')}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.data.items.map((token) => (
            <tr key={token.id} data-token-id={token.id}>
              <td>{token.name}</td>
              <td>{t(`web.role.${token.role}`)}</td>
              <td>{formatInstant(lang, token.createdAt)}</td>
              <td>{token.lastUsedAt ? formatInstant(lang, token.lastUsedAt) : t('web.processes.none')}</td>
              <td>
                {token.revokedAt ? (
                  t('web.tokens.revokedOn', { date: formatInstant(lang, token.revokedAt) })
                ) : (
                  <button
                    type="button"
                    class="small secondary"
                    aria-disabled={busy}
                    aria-label={t('web.tokens.revokeNamed', { name: token.name })}
                    onClick={async () => {
                      if (await submit(() => props.revoke(token.id), { success: t('web.tokens.revoked') })) tokens.reload();
                    }}
                  >
                    {t('web.tokens.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormMessage message={message} />
    </>
  );
}

function SignInPolicy() {
  const { t } = useApp();
  const [reloads, setReloads] = useState(0);
  const policy = useLoad((signal) => get<{ oidcNewcomersJoinAs: 'viewer' | null; version: number }>('/api/settings/sign-in', signal), [reloads]);
  const { busy, errors, message, submit } = useSubmission();
  if (policy.error) return <ErrorNote error={policy.error} retry={policy.reload} />;
  if (!policy.data) return <Loading />;
  const current = policy.data.oidcNewcomersJoinAs ?? '';
  return (
    <form
      class="panel"
      onSubmit={async (event) => {
        event.preventDefault();
        const chosen = (event.currentTarget as HTMLFormElement).elements.namedItem('oidcNewcomersJoinAs') as HTMLSelectElement;
        if (await submit(() => put('/api/settings/sign-in', { oidcNewcomersJoinAs: chosen.value || null }))) setReloads((n) => n + 1);
      }}
    >
      <h2>{t('web.admin.policy')}</h2>
      <Field label={t('web.admin.newcomers')} hint={t('web.admin.newcomersHelp')} error={errors.oidcNewcomersJoinAs}>
        {(id, describedBy) => (
          <select id={id} name="oidcNewcomersJoinAs" aria-describedby={describedBy} key={current}>
            <option value="" selected={current === ''}>
              {t('web.admin.newcomersRefused')}
            </option>
            <option value="viewer" selected={current === 'viewer'}>
              {t('web.admin.newcomersViewers')}
            </option>
          </select>
        )}
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
