import { useState } from 'preact/hooks';
import { allPages, get, post, type Assessment, type BlockProgress, type TimelineItem } from '../api.js';
import { Chip, ErrorNote, Field, FormMessage, inputValue, Loading, Select, useLoad, useSubmission } from '../components.js';
import { canWrite, useApp } from '../context.js';
import { formatDay, formatInstant } from '../i18n.js';
import { BUILDING_BLOCKS, RATINGS } from '../vocabulary.js';

export function BlocksPage(props: { processId: string }) {
  const { t, lang, session } = useApp();
  const [minPosition, setMinPosition] = useState<number | undefined>();
  const progress = useLoad(
    (signal) => get<{ items: BlockProgress[] }>(`/api/processes/${props.processId}/progress${minPosition ? `?minPosition=${minPosition}` : ''}`, signal),
    [props.processId, minPosition],
  );
  const editor = canWrite(session);
  const milestones = useLoad(
    (signal) => (editor ? allPages<TimelineItem>(`/api/processes/${props.processId}/timeline`, { limit: 500, lang }, signal) : Promise.resolve([])),
    [props.processId, editor, lang],
  );
  return (
    <section aria-labelledby="blocks-title">
      <h1 id="blocks-title">{t('web.blocks.title')}</h1>
      {progress.error ? (
        <ErrorNote error={progress.error} retry={progress.reload} />
      ) : !progress.data ? (
        <Loading />
      ) : (
        <ol class="cards blocks">
          {progress.data.items.map((block) => (
            <BlockCard key={block.buildingBlock} block={block} />
          ))}
        </ol>
      )}
      {editor && <AssessForm processId={props.processId} milestones={milestones.data ?? []} onSaved={setMinPosition} />}
    </section>
  );
}

function BlockCard(props: { block: BlockProgress }) {
  const { t, lang } = useApp();
  const { block } = props;
  const n = block.buildingBlock as 1;
  return (
    <li class="card block" data-block={block.buildingBlock}>
      <h2>
        <span class="block-number">{t('web.blocks.block', { n: block.buildingBlock })}</span> {t(`web.bb.${n}`)}
      </h2>
      <p>
        {t('web.blocks.rating')}:{' '}
        {block.current ? <Rating rating={block.current.rating} /> : <span class="muted">{t('web.blocks.notAssessed')}</span>}
      </p>
      {block.history.length > 0 && <Trend n={block.buildingBlock} history={block.history} />}
      {block.current && (
        <>
          <h3>{t('web.blocks.rationale')}</h3>
          <p>{block.current.rationale}</p>
          <p class="muted small">{t('web.blocks.assessedBy', { name: block.current.assessedBy, date: formatInstant(lang, block.current.assessedAt) })}</p>
          {block.current.evidence.length > 0 && (
            <>
              <h3>{t('web.blocks.evidence')}</h3>
              <ul class="evidence">
                {block.current.evidence.map((e) => (
                  <li key={e.milestoneId}>
                    {'title' in e ? (
                      <>
                        <time dateTime={e.occurredOn}>{formatDay(lang, e.occurredOn, 'medium')}</time>: {e.title}
                      </>
                    ) : (
                      <span class="muted">{t('web.blocks.unavailable')}</span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <h3>{t('web.blocks.activity')}</h3>
      <dl class="facts">
        <div>
          <dt>{t('web.blocks.milestones')}</dt>
          <dd>{new Intl.NumberFormat(lang).format(block.activity.milestones)}</dd>
        </div>
        <div>
          <dt>{t('web.blocks.groups')}</dt>
          <dd>{block.activity.stakeholderGroups.map((g) => <Chip key={g} kind="group">{t(`web.group.${g as 'States'}`)}</Chip>)}</dd>
        </div>
        <div>
          <dt>{t('web.blocks.groups12')}</dt>
          <dd>{block.activity.stakeholderGroupsLast12Months.length > 0 ? block.activity.stakeholderGroupsLast12Months.map((g) => <Chip key={g} kind="group">{t(`web.group.${g as 'States'}`)}</Chip>) : t('web.processes.none')}</dd>
        </div>
        <div>
          <dt>{t('web.blocks.lastActivity')}</dt>
          <dd>{block.activity.lastActivityOn ? formatDay(lang, block.activity.lastActivityOn) : t('web.processes.none')}</dd>
        </div>
      </dl>
    </li>
  );
}

function Rating(props: { rating: string }) {
  const { t } = useApp();
  return <span class={`rating rating--${props.rating}`}>{t(`web.rating.${props.rating as 'honoured'}`)}</span>;
}

/** Ratings oldest to newest on the four-step scale; the list in its label says the same in words. */
function Trend(props: { n: number; history: Assessment[] }) {
  const { t, lang } = useApp();
  const points = [...props.history].reverse();
  const width = 220;
  const height = 64;
  const x = (i: number) => (points.length === 1 ? width / 2 : 10 + (i * (width - 20)) / (points.length - 1));
  const y = (rating: string) => height - 8 - (RATINGS.indexOf(rating as 'honoured') * (height - 16)) / (RATINGS.length - 1);
  const words = points.map((p) => `${formatDay(lang, p.assessedAt.slice(0, 10), 'medium')}: ${t(`web.rating.${p.rating as 'honoured'}`)}`).join('; ');
  return (
    <figure class="trend">
      <figcaption class="small muted">{t('web.blocks.trend')}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={t('web.blocks.trendLabel', { n: props.n, list: words })}>
        {RATINGS.map((r) => (
          <line key={r} x1={0} x2={width} y1={y(r)} y2={y(r)} class="trend-grid" />
        ))}
        <polyline points={points.map((p, i) => `${x(i)},${y(p.rating)}`).join(' ')} class="trend-line" />
        {points.map((p, i) => (
          <circle key={p.assessmentId} cx={x(i)} cy={y(p.rating)} r={4} class={`trend-point rating--${p.rating}`} />
        ))}
      </svg>
    </figure>
  );
}

function AssessForm(props: { processId: string; milestones: TimelineItem[]; onSaved: (position: number) => void }) {
  const { t, lang } = useApp();
  const [block, setBlock] = useState('');
  const [rating, setRating] = useState('');
  const [rationale, setRationale] = useState('');
  const [evidence, setEvidence] = useState<string[]>([]);
  const { busy, errors, message, submit } = useSubmission();
  const relevant = props.milestones.filter((m) => block !== '' && m.buildingBlocks.includes(Number(block)));
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    let position = 0;
    const ok = await submit(async () => {
      position = (
        await post<{ position: number }>(`/api/processes/${props.processId}/assessments`, {
          buildingBlock: block === '' ? undefined : Number(block),
          rating: rating || undefined,
          rationale,
          evidence,
        })
      ).position;
    });
    if (ok) {
      setRationale('');
      setEvidence([]);
      props.onSaved(position);
    }
  };
  return (
    <form class="panel" onSubmit={onSubmit} aria-labelledby="assess-title" noValidate>
      <h2 id="assess-title">{t('web.blocks.assess')}</h2>
      <div class="row">
        <Field label={t('web.timeline.block')} error={errors.buildingBlock}>
          {(id, d) => <Select id={id} name="buildingBlock" value={block} options={BUILDING_BLOCKS.map(String)} label={(n) => `${n}. ${t(`web.bb.${n as '1'}`)}`} empty={t('web.form.choose')} describedBy={d} onChange={(v) => { setBlock(v); setEvidence([]); }} />}
        </Field>
        <Field label={t('web.blocks.ratingField')} error={errors.rating}>
          {(id, d) => <Select id={id} name="rating" value={rating} options={RATINGS} label={(r) => t(`web.rating.${r}`)} empty={t('web.form.choose')} describedBy={d} onChange={setRating} />}
        </Field>
      </div>
      <Field label={t('web.blocks.rationaleField')} error={errors.rationale}>
        {(id, d) => <textarea id={id} name="rationale" rows={3} value={rationale} aria-describedby={d} onInput={(e) => setRationale(inputValue(e))} />}
      </Field>
      <fieldset class={`checkboxes evidence-choices${errors.evidence ? ' field--invalid' : ''}`}>
        <legend>{t('web.blocks.evidenceField')}</legend>
        {relevant.map((m) => (
          <label key={m.milestoneId} class="check">
            <input
              type="checkbox"
              name="evidence"
              value={m.milestoneId}
              checked={evidence.includes(m.milestoneId)}
              onChange={(e) => setEvidence((list) => ((e.currentTarget as HTMLInputElement).checked ? [...list, m.milestoneId] : list.filter((id) => id !== m.milestoneId)))}
            />
            {formatDay(lang, m.occurredOn, 'medium')}: {m.title}
          </label>
        ))}
        {errors.evidence && <p class="field-error">{errors.evidence}</p>}
      </fieldset>
      <FormMessage message={message} />
      <div class="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? t('web.form.saving') : t('web.form.submit')}
        </button>
      </div>
    </form>
  );
}
