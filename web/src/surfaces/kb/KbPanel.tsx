import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { api } from '../../api/client.ts';
import type { ApiError } from '../../api/client.ts';
import { toApiError } from '../../api/hooks.tsx';
import type { KbHit, KbRange, KbSearchResult } from '../../../../src/contract/kb.ts';
import { useI18n } from '../../i18n/react.tsx';
import { translate, type Lang } from '../../i18n/catalog.ts';
import { formatDate } from '../../i18n/format.ts';
import { TextField } from '../../ui/fields.tsx';
import { Alert, useErrorText } from '../../ui/feedback.tsx';
import {
  articleAnswer,
  choiceOf,
  freshness,
  moveTo,
  searchText,
  segments,
  type KbChoice,
} from './kb-panel.ts';

/** Suggestions shown at once: an operator on a call reads a few, not a page. */
const LIMIT = 6;
/** Pause in typing before searching: the API answers in milliseconds, this spares requests. */
const PAUSE_MS = 200;

/**
 * Knowledge-base suggestions beside an answer form (R-WF-1): they follow what the operator
 * types elsewhere (`text`) until the operator types a search of their own. "Answer from this
 * article" fetches the article and hands its answer, with the citation, to `onAnswer` in the
 * citizen's language. Alt+K focuses the search; ↓/↑ walk the suggestions, Enter answers,
 * Escape goes back to the search box.
 */
export function KbPanel({
  text,
  citizenLang,
  onAnswer,
}: {
  text: string;
  citizenLang: Lang;
  onAnswer: (answer: string, choice: KbChoice) => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [typed, setTyped] = useState<string | null>(null);
  const query = typed === null ? searchText(text) : searchText(typed);
  const [result, setResult] = useState<{ q: string; r: KbSearchResult } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  // The search box (TextField keeps its <input> to itself; one panel per screen).
  const input = () => document.getElementById('kb-q') as HTMLInputElement | null;
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (!query) return;
    let live = true;
    const timer = setTimeout(() => {
      api.kbSearch(query, LIMIT).then(
        (r) => {
          if (!live) return;
          setResult({ q: query, r });
          setFailure(null);
        },
        (e: unknown) => live && setFailure(toApiError(e)),
      );
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  // Alt+K from anywhere on the screen.
  useEffect(() => {
    function onKey(e: globalThis.KeyboardEvent) {
      if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === 'KeyK') {
        e.preventDefault();
        input()?.focus();
        input()?.select();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Results of an earlier query stay on screen while the next one is typed (no flicker).
  const items = query ? (result?.r.items ?? []) : [];
  const pending = Boolean(query) && result?.q !== query;

  function buttons(): HTMLButtonElement[] {
    return [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.kb-answer') ?? [])];
  }
  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape' && e.target !== input()) {
      e.preventDefault();
      e.stopPropagation();
      input()?.focus();
      return;
    }
    const list = buttons();
    if (e.key === 'Enter' && e.target === input()) {
      e.preventDefault();
      list[0]?.focus();
      return;
    }
    const current = list.indexOf(e.target as HTMLButtonElement);
    const next = moveTo(current, e.key, list.length);
    if (next === null) return;
    e.preventDefault();
    if (next < 0) input()?.focus();
    else list[next]?.focus();
  }

  async function answerFrom(hit: KbHit) {
    setBusyId(hit.id);
    setFailure(null);
    try {
      const article = await api.kbArticle(hit.id);
      const tr = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
        translate(citizenLang, key, params);
      onAnswer(articleAnswer(article, tr), choiceOf(article));
    } catch (e) {
      setFailure(toApiError(e));
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section className="card kb-panel" aria-labelledby="kb-h" onKeyDown={onKeyDown}>
      <h2 id="kb-h">{t('kb.title')}</h2>
      <TextField
        id="kb-q"
        type="search"
        label={t('kb.search')}
        hint={t('kb.searchHint')}
        value={typed ?? query}
        autoComplete="off"
        aria-keyshortcuts="Alt+K"
        aria-controls="kb-list"
        onChange={(e) => setTyped(e.target.value)}
      />
      <p className="muted kb-status" role="status">
        {!query
          ? t('kb.empty')
          : pending && items.length === 0
            ? t('kb.loading')
            : items.length === 0
              ? t('kb.none')
              : t('kb.count', { n: items.length })}
      </p>
      {failure ? <Alert kind="error">{errorText(failure)}</Alert> : null}
      {items.length > 0 ? (
        <ol id="kb-list" ref={listRef} className="kb-list" aria-busy={pending}>
          {items.map((h) => (
            <KbItem key={h.id} hit={h} busy={busyId === h.id} onAnswer={() => void answerFrom(h)} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function Marked({ text, ranges }: { text: string; ranges: readonly KbRange[] }) {
  return (
    <>{segments(text, ranges).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}</>
  );
}

function KbItem({ hit, busy, onAnswer }: { hit: KbHit; busy: boolean; onAnswer: () => void }) {
  const { t, lang } = useI18n();
  const fresh = freshness(hit);
  const titleId = `kb-t-${hit.id}`;
  return (
    <li className={`kb-item${fresh === 'current' ? '' : ' kb-stale'}`} data-kb-id={hit.id}>
      <div className="kb-title" id={titleId}>
        <Marked text={hit.title} ranges={hit.titleHighlights} />
      </div>
      <div className="kb-meta">
        <span className={`badge kb-kind-${hit.kind}`}>{t(`kb.kind.${hit.kind}`)}</span>
        {hit.code ? <span>{t('kb.code', { code: hit.code })}</span> : null}
        <span>{t('kb.version', { version: hit.version })}</span>
      </div>
      {fresh === 'expired' ? (
        <p className="kb-warning">
          {t('kb.expired', { date: hit.expiresAt ? formatDate(hit.expiresAt, lang) : '' })}
        </p>
      ) : fresh === 'review' ? (
        <p className="kb-warning">
          {t('kb.review', { date: hit.reviewDue ? formatDate(hit.reviewDue, lang) : '' })}
        </p>
      ) : null}
      <p className="kb-snippet">
        <Marked text={hit.snippet} ranges={hit.highlights} />
      </p>
      <button
        type="button"
        className="btn btn-small kb-answer"
        aria-describedby={titleId}
        disabled={busy}
        onClick={onAnswer}
      >
        {busy ? t('common.working') : t('kb.answerFrom')}
      </button>
    </li>
  );
}
