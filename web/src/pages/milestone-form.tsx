import { useState } from 'preact/hooks';
import { post, type TimelineItem } from '../api.js';
import { Checkboxes, Field, FormMessage, inputValue, Select, useSubmission } from '../components.js';
import { useApp } from '../context.js';
import { LANGUAGES, type Lang } from '../i18n.js';
import { BUILDING_BLOCKS, MILESTONE_KINDS, STAKEHOLDER_GROUPS, VISIBILITIES } from '../vocabulary.js';

interface Draft {
  kind: string;
  title: string;
  occurredOn: string;
  endsOn: string;
  stakeholders: string[];
  buildingBlocks: number[];
  location: string;
  sourceUrl: string;
  sourceSymbol: string;
  visibility: string;
  notes: string;
  /** The title in each other UN language, as typed; empty when not given. */
  titles: Record<TranslationLang, string>;
  confirmed: boolean;
}

/** A milestone may carry its title in any of the six languages besides the one it was recorded in (English). */
const TRANSLATED = LANGUAGES.filter((lang): lang is TranslationLang => lang !== 'en');
type TranslationLang = Exclude<Lang, 'en'>;

const EMPTY: Draft = {
  kind: '',
  title: '',
  occurredOn: '',
  endsOn: '',
  stakeholders: [],
  buildingBlocks: [],
  location: '',
  sourceUrl: '',
  sourceSymbol: '',
  visibility: 'public',
  notes: '',
  titles: { fr: '', es: '', ar: '', zh: '', ru: '' },
  confirmed: true,
};

function draftOf(item: TimelineItem): Draft {
  return {
    ...EMPTY,
    kind: item.kind,
    title: item.originalTitle ?? item.title,
    occurredOn: item.occurredOn,
    endsOn: item.endsOn ?? '',
    stakeholders: item.stakeholders,
    buildingBlocks: item.buildingBlocks,
    location: item.location ?? '',
    sourceUrl: item.source?.url ?? '',
    sourceSymbol: item.source?.symbol ?? '',
    visibility: item.visibility,
    notes: item.notes ?? '',
    confirmed: item.confirmed,
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The request body fields the API knows, from what the form holds. */
function fieldsOf(draft: Draft) {
  const source = draft.sourceUrl.trim() || draft.sourceSymbol.trim() ? { url: orNull(draft.sourceUrl) ?? undefined, symbol: orNull(draft.sourceSymbol) ?? undefined } : null;
  const translations: Record<string, { title: string }> = {};
  for (const lang of TRANSLATED) if (draft.titles[lang].trim()) translations[lang] = { title: draft.titles[lang].trim() };
  return {
    kind: draft.kind,
    title: draft.title.trim(),
    occurredOn: draft.occurredOn,
    endsOn: orNull(draft.endsOn),
    stakeholders: draft.stakeholders,
    buildingBlocks: draft.buildingBlocks,
    location: orNull(draft.location),
    source,
    visibility: draft.visibility,
    notes: orNull(draft.notes),
    translations: Object.keys(translations).length > 0 ? translations : null,
    confirmed: draft.confirmed,
  };
}

const KNOWN_FIELDS = [
  'kind', 'title', 'occurredOn', 'endsOn', 'stakeholders', 'buildingBlocks', 'location', 'source', 'source.url', 'source.symbol',
  'visibility', 'notes', ...TRANSLATED.map((lang) => `translations.${lang}.title`), 'confirmed', 'reason',
];

/** Logs a new milestone, or corrects one (then only the changed fields are sent, with a reason). */
export function MilestoneForm(props: { processId: string; item?: TimelineItem; onSaved: (position: number) => void; onCancel?: () => void }) {
  const { t, lang: uiLang } = useApp();
  const original = props.item ? draftOf(props.item) : EMPTY;
  const [draft, setDraft] = useState<Draft>(original);
  const [reason, setReason] = useState('');
  const { busy, errors, message, submit } = useSubmission();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const correcting = props.item !== undefined;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const body = fieldsOf(draft);
    let position = 0;
    const ok = correcting
      ? await submit(
          async () => {
            const before = fieldsOf(original) as Record<string, unknown>;
            const changes = Object.fromEntries(Object.entries(body).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])));
            const result = await post<{ position: number }>(`/api/processes/${props.processId}/milestones/${props.item!.milestoneId}/corrections`, { changes, reason });
            position = result.position;
          },
          { prefix: 'changes.' },
        )
      : await submit(async () => {
          const result = await post<{ position: number }>(`/api/processes/${props.processId}/milestones`, body);
          position = result.position;
        });
    if (ok) {
      if (!correcting) setDraft(EMPTY);
      props.onSaved(position);
    }
  };

  const others = Object.entries(errors).filter(([field]) => !KNOWN_FIELDS.includes(field));
  const sourceError = [errors['source.url'], errors.source].filter(Boolean).join('; ') || undefined;
  const titleId = correcting ? `correct-${props.item!.milestoneId}` : 'log-milestone-title';

  return (
    <form class="milestone-form" onSubmit={onSubmit} aria-labelledby={titleId} noValidate data-testid={correcting ? 'correct-form' : 'milestone-form'}>
      <h2 id={titleId}>{correcting ? t('web.form.correctMilestone') : t('web.form.logMilestone')}</h2>
      <Field label={t('web.form.kind')} error={errors.kind}>
        {(id, d) => <Select id={id} name="kind" value={draft.kind} options={MILESTONE_KINDS} label={(k) => t(`web.kind.${k}`)} empty={t('web.form.choose')} describedBy={d} onChange={(v) => set('kind', v)} />}
      </Field>
      <Field label={t('web.form.title')} error={errors.title}>
        {(id, d) => <input id={id} name="title" value={draft.title} aria-describedby={d} onInput={(e) => set('title', inputValue(e))} />}
      </Field>
      <div class="row">
        <Field label={t('web.form.occurredOn')} error={errors.occurredOn}>
          {(id, d) => <input id={id} name="occurredOn" type="date" value={draft.occurredOn} aria-describedby={d} onInput={(e) => set('occurredOn', inputValue(e))} />}
        </Field>
        <Field label={t('web.form.endsOn')} error={errors.endsOn}>
          {(id, d) => <input id={id} name="endsOn" type="date" value={draft.endsOn} aria-describedby={d} onInput={(e) => set('endsOn', inputValue(e))} />}
        </Field>
      </div>
      <Checkboxes
        legend={t('web.form.stakeholders')}
        name="stakeholders"
        options={STAKEHOLDER_GROUPS}
        label={(g) => t(`web.group.${g}`)}
        value={draft.stakeholders as (typeof STAKEHOLDER_GROUPS)[number][]}
        onChange={(v) => set('stakeholders', v)}
        error={errors.stakeholders}
      />
      <Checkboxes
        legend={t('web.form.buildingBlocks')}
        name="buildingBlocks"
        options={BUILDING_BLOCKS}
        label={(n) => `${n}. ${t(`web.bb.${n}`)}`}
        value={draft.buildingBlocks as (typeof BUILDING_BLOCKS)[number][]}
        onChange={(v) => set('buildingBlocks', v)}
        error={errors.buildingBlocks}
      />
      <Field label={t('web.form.location')} error={errors.location}>
        {(id, d) => <input id={id} name="location" value={draft.location} aria-describedby={d} onInput={(e) => set('location', inputValue(e))} />}
      </Field>
      <div class="row">
        <Field label={t('web.form.sourceUrl')} error={sourceError}>
          {(id, d) => <input id={id} name="sourceUrl" type="url" inputMode="url" value={draft.sourceUrl} aria-describedby={d} onInput={(e) => set('sourceUrl', inputValue(e))} />}
        </Field>
        <Field label={t('web.form.sourceSymbol')} error={errors['source.symbol']}>
          {(id, d) => <input id={id} name="sourceSymbol" dir="ltr" value={draft.sourceSymbol} placeholder="A/75/601" aria-describedby={d} onInput={(e) => set('sourceSymbol', inputValue(e))} />}
        </Field>
      </div>
      <Field label={t('web.form.visibility')} error={errors.visibility}>
        {(id, d) => <Select id={id} name="visibility" value={draft.visibility} options={VISIBILITIES} label={(v) => t(`web.visibility.${v}`)} describedBy={d} onChange={(v) => set('visibility', v)} />}
      </Field>
      <Field label={t('web.form.notes')} error={errors.notes}>
        {(id, d) => <textarea id={id} name="notes" rows={3} value={draft.notes} aria-describedby={d} onInput={(e) => set('notes', inputValue(e))} />}
      </Field>
      <fieldset class="translations">
        <legend>{t('web.form.translations')}</legend>
        <div class="row">
          {TRANSLATED.map((lang) => (
            <Field key={lang} label={t('web.form.titleIn', { language: languageName(uiLang, lang) })} error={errors[`translations.${lang}.title`]}>
              {(id, d) => (
                <input
                  id={id}
                  name={`title-${lang}`}
                  lang={lang}
                  dir="auto"
                  value={draft.titles[lang]}
                  aria-describedby={d}
                  onInput={(e) => set('titles', { ...draft.titles, [lang]: inputValue(e) })}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>
      <label class="check">
        <input type="checkbox" name="confirmed" checked={draft.confirmed} onChange={(e) => set('confirmed', (e.currentTarget as HTMLInputElement).checked)} />
        {t('web.form.confirmed')}
      </label>
      {correcting && (
        <Field label={t('web.form.reason')} error={errors.reason}>
          {(id, d) => <input id={id} name="reason" value={reason} aria-describedby={d} onInput={(e) => setReason(inputValue(e))} />}
        </Field>
      )}
      <FormMessage message={message} />
      {others.length > 0 && (
        <ul class="field-error">
          {others.map(([field, text]) => (
            <li key={field}>
              {field}: {text}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t('web.form.saving') : t('web.form.submit')}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t('web.form.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

export function RetractForm(props: { processId: string; item: TimelineItem; onSaved: (position: number) => void; onCancel: () => void }) {
  const { t } = useApp();
  const [reason, setReason] = useState('');
  const { busy, errors, message, submit } = useSubmission();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    let position = 0;
    const ok = await submit(async () => {
      position = (await post<{ position: number }>(`/api/processes/${props.processId}/milestones/${props.item.milestoneId}/retraction`, { reason })).position;
    });
    if (ok) props.onSaved(position);
  };
  return (
    <form class="inline-form" onSubmit={onSubmit} noValidate>
      <h3>{t('web.form.retractMilestone')}</h3>
      <Field label={t('web.form.reason')} error={errors.reason}>
        {(id, d) => <input id={id} name="reason" value={reason} aria-describedby={d} onInput={(e) => setReason(inputValue(e))} />}
      </Field>
      <FormMessage message={message} />
      <div class="actions">
        <button type="submit" class="danger" aria-disabled={busy}>
          {t('web.timeline.retract')}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t('web.form.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A language's name in the reader's language ("French", "français", "法语"), by CLDR through Intl. */
function languageName(reader: Lang, lang: Lang): string {
  return new Intl.DisplayNames([reader], { type: 'language' }).of(lang) ?? lang;
}
