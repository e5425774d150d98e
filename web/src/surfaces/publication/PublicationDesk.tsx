import { useCallback, useState } from 'react';
import { toApiError, useResource } from '../../api/hooks.tsx';
import type { ApiError } from '../../api/client.ts';
import { Page } from '../../app/Page.tsx';
import { useI18n } from '../../i18n/react.tsx';
import type { Params } from '../../i18n/catalog.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { Alert, ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { Checkbox, TextArea } from '../../ui/fields.tsx';
import { pubApi, type PublicationDraft } from './api.ts';
import { translatePub, type AnyPubKey } from './messages.ts';
import { reviewedText, type ProposedText } from './review.ts';
import './publication.css';

type Part = 'title' | 'question' | 'answer';
const PARTS: readonly Part[] = ['title', 'question', 'answer'];

function usePubI18n() {
  const { lang } = useI18n();
  const t = useCallback(
    (key: AnyPubKey, params?: Params) => translatePub(lang, key, params),
    [lang],
  );
  return { t, lang };
}

/**
 * The publication desk (R-PUB-1/2): answered tickets waiting to be published and those on the
 * site; a ticket's review shows each proposed redaction as a change the approver may undo, and
 * the final texts, editable, that the server checks again before publishing.
 */
export default function PublicationDesk() {
  const { t, lang } = usePubI18n();
  const [state, setState] = useState<'candidates' | 'published'>('candidates');
  const [selected, setSelected] = useState<string | null>(null);
  const list = useResource(() => pubApi.list(state), `publications:${state}`);
  return (
    <Page title={t('pub.title')}>
      <p className="muted page-intro">{t('pub.intro')}</p>
      <div className="pub-tabs">
        {(['candidates', 'published'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={`btn${state === s ? ' btn-primary' : ''}`}
            aria-pressed={state === s}
            onClick={() => {
              setState(s);
              setSelected(null);
            }}
          >
            {t(`pub.tab.${s}`)}
          </button>
        ))}
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.loading ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p>{t('pub.empty')}</p> : null}
      <ul className="pub-list">
        {(list.data ?? []).map((i) => (
          <li key={i.ticketId}>
            <button
              type="button"
              className="btn btn-link"
              aria-expanded={selected === i.ticketId}
              onClick={() => setSelected(i.ticketId)}
            >
              {i.code}
            </button>{' '}
            {i.subject}
            <span className="muted">
              {' · '}
              {[i.fieldName, i.agencyName, i.answeredAt ? formatDateTime(i.answeredAt, lang) : '']
                .filter(Boolean)
                .join(' · ')}
            </span>
          </li>
        ))}
      </ul>
      {selected ? (
        <Review
          key={selected}
          id={selected}
          onChanged={list.reload}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </Page>
  );
}

function Review({
  id,
  onChanged,
  onClose,
}: {
  id: string;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { t, lang } = usePubI18n();
  const draft = useResource(() => pubApi.draft(id), `publication:${id}`);
  if (draft.error) return <ErrorAlert error={draft.error} onRetry={draft.reload} />;
  if (!draft.data) return <Loading />;
  return (
    <section className="pub-review" aria-labelledby="pub-review-h">
      <h2 id="pub-review-h">{t('pub.review', { code: draft.data.ticket.code })}</h2>
      <ReviewForm
        d={draft.data}
        onChanged={() => {
          draft.reload();
          onChanged();
        }}
      />
      <p>
        <button type="button" className="btn" onClick={onClose}>
          {t('pub.close')}
        </button>
      </p>
      {draft.data.publication ? (
        <p className="muted">
          {draft.data.publication.unpublishedAt
            ? t('pub.withdrawn', { at: formatDateTime(draft.data.publication.unpublishedAt, lang) })
            : t('pub.published', { at: formatDateTime(draft.data.publication.publishedAt, lang) })}
        </p>
      ) : null}
    </section>
  );
}

function ReviewForm({ d, onChanged }: { d: PublicationDraft; onChanged: () => void }) {
  const { t } = usePubI18n();
  const live = d.publication && !d.publication.unpublishedAt ? d.publication : null;
  const [kept, setKept] = useState<Record<Part, boolean[]>>(() => ({
    title: d.proposal.title.redactions.map(() => true),
    question: d.proposal.question.redactions.map(() => true),
    answer: d.proposal.answer.redactions.map(() => true),
  }));
  const [texts, setTexts] = useState<Record<Part, string>>(() => ({
    title: live?.title ?? d.proposal.title.redacted,
    question: live?.question ?? d.proposal.question.redacted,
    answer: live?.answer ?? d.proposal.answer.redacted,
  }));
  const [error, setError] = useState<ApiError | undefined>();
  const [done, setDone] = useState<'pub.done' | 'pub.undone' | null>(null);
  const [busy, setBusy] = useState(false);

  if (d.ineligible) return <Alert kind="warning">{t(`pub.ineligible.${d.ineligible}`)}</Alert>;

  const toggle = (part: Part, i: number, on: boolean) => {
    const next = kept[part].map((k, j) => (j === i ? on : k));
    setKept({ ...kept, [part]: next });
    setTexts({ ...texts, [part]: reviewedText(d.proposal[part], next) });
  };
  const run = async (fn: () => Promise<unknown>, ok: 'pub.done' | 'pub.undone') => {
    setBusy(true);
    setError(undefined);
    setDone(null);
    try {
      await fn();
      setDone(ok);
      onChanged();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => pubApi.publish(d.ticket.id, texts), 'pub.done');
      }}
    >
      {PARTS.map((part) => (
        <fieldset key={part} className="pub-part">
          <legend>{t(`pub.field.${part}`)}</legend>
          <Changes
            part={part}
            p={d.proposal[part]}
            kept={kept[part]}
            onToggle={(i, on) => toggle(part, i, on)}
          />
          <TextArea
            label={`${t('pub.final')} — ${t(`pub.field.${part}`)}`}
            value={texts[part]}
            rows={part === 'title' ? 2 : 6}
            onChange={(e) => setTexts({ ...texts, [part]: e.target.value })}
            required
          />
        </fieldset>
      ))}
      <ErrorAlert error={error} />
      {done ? <Alert kind="success">{t(done)}</Alert> : null}
      <p className="pub-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {live ? t('pub.republish') : t('pub.publish')}
        </button>{' '}
        {live ? (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void run(() => pubApi.unpublish(d.ticket.id), 'pub.undone')}
          >
            {t('pub.unpublish')}
          </button>
        ) : null}
      </p>
    </form>
  );
}

/** Each proposed change as a checkbox: the original struck out, the replacement beside it. */
function Changes({
  part,
  p,
  kept,
  onToggle,
}: {
  part: Part;
  p: ProposedText;
  kept: boolean[];
  onToggle: (i: number, on: boolean) => void;
}) {
  const { t } = usePubI18n();
  if (!p.redactions.length) return <p className="muted">{t('pub.noChanges')}</p>;
  return (
    <div className="pub-changes">
      <p>{t('pub.changes', { n: p.redactions.length })}</p>
      {p.redactions.map((r, i) => (
        <Checkbox
          key={`${part}-${r.start}`}
          checked={kept[i] !== false}
          onChange={(e) => onToggle(i, e.target.checked)}
          label={t('pub.hide', { text: r.text, replacement: r.replacement })}
          hint={t(`pub.kind.${r.kind}`)}
        />
      ))}
    </div>
  );
}
