import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/react.tsx';
import { Page } from '../../app/Page.tsx';
import { Link, useLocation } from '../../app/router.tsx';
import { PATHS } from '../../app/routes.ts';
import { useUser } from '../../app/session.tsx';
import { useLiveEvent, useResource, useResync, toApiError } from '../../api/hooks.tsx';
import type { ApiError } from '../../api/client.ts';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { TextArea } from '../../ui/fields.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { chatApi } from './api.ts';
import { deskActions, mergeMessages, newClientId, orderQueue } from './desk.ts';
import type { ChatConversation, ChatMessage } from '../../../../src/contract/chat.ts';
import './chat.css';

/**
 * The chat desk (R-CH-5): conversations waiting for a person appear live; an operator claims
 * one, reads what the visitor wrote and which knowledge-base articles the bot already offered,
 * answers, closes it or turns it into a ticket in one step.
 */
export default function ChatDesk() {
  const { t } = useI18n();
  const { search } = useLocation();
  const selected = new URLSearchParams(search).get('c');
  const queue = useResource(() => chatApi.list(), 'chat-queue');
  useLiveEvent('chat.updated', () => queue.reload());
  // The list shows each chat's last visitor message (reloads coalesce: one request in flight).
  useLiveEvent('chat.message', (m) => {
    if (m.author === 'visitor') queue.reload();
  });
  useResync(() => queue.reload());
  const items = orderQueue(queue.data ?? []);
  const waiting = items.filter((c) => c.status === 'waiting').length;

  return (
    <Page title={t('chat.title')}>
      <div className="chat-desk">
        <section className="panel chat-queue" aria-labelledby="chat-queue-h">
          <h2 id="chat-queue-h">
            {t('chat.queue')} <span className="tab-count">{waiting}</span>
          </h2>
          <ErrorAlert error={queue.error} onRetry={queue.reload} />
          {queue.data ? (
            items.length === 0 ? (
              <p>{t('chat.empty')}</p>
            ) : (
              <ul className="chat-list">
                {items.map((c) => (
                  <li key={c.id}>
                    <Link
                      to={`${PATHS.chat}?c=${c.id}`}
                      className={`chat-item${c.id === selected ? ' is-current' : ''}`}
                      aria-current={c.id === selected ? 'true' : undefined}
                    >
                      <strong>{c.visitor.name}</strong>{' '}
                      <span className={`badge chat-${c.status}`}>
                        {t(c.status === 'waiting' ? 'chat.status.waiting' : 'chat.status.active')}
                      </span>
                      {c.lastVisitorMessage ? (
                        <span className="chat-last">{c.lastVisitorMessage}</span>
                      ) : null}
                    </Link>
                  </li>
                ))}
              </ul>
            )
          ) : queue.error ? null : (
            <Loading />
          )}
        </section>
        {selected ? (
          <Conversation key={selected} id={selected} onChanged={queue.reload} />
        ) : (
          <section className="panel chat-conv">
            <p>{t('chat.pick')}</p>
          </section>
        )}
      </div>
    </Page>
  );
}

function Conversation({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const user = useUser();
  const detail = useResource(() => chatApi.get(id), `chat:${id}`);
  const [live, setLive] = useState<ChatMessage[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  useLiveEvent('chat.message', (m) => {
    if (m.conversationId === id) setLive((l) => mergeMessages(l, [m]));
  });
  useLiveEvent('chat.updated', (e) => {
    if (e.conversationId === id) detail.reload();
  });
  useResync(() => detail.reload());
  const logRef = useRef<HTMLOListElement>(null);
  const count = (detail.data?.messages.length ?? 0) + live.length;
  useEffect(() => {
    // The newest message in view, as in any chat; scrolling the log only, never the page.
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  if (!detail.data) return detail.error ? <ErrorAlert error={detail.error} /> : <Loading />;
  const c: ChatConversation = detail.data.conversation;
  const messages = mergeMessages(detail.data.messages, live);
  const can = deskActions(c, user.id, user.role);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      detail.reload();
      onChanged();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const send = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    const clientId = newClientId();
    void act(async () => {
      const m = await chatApi.reply(id, clientId, body);
      setLive((l) => mergeMessages(l, [m]));
      setText('');
    });
  };

  return (
    <section className="panel chat-conv" aria-labelledby="chat-conv-h">
      <h2 id="chat-conv-h">{c.visitor.name}</h2>
      <p className="chat-contact">
        {[c.visitor.phone, c.visitor.email].filter(Boolean).join(' · ')}
        {c.flagged ? <span className="badge badge-warning">{t('chat.flagged')}</span> : null}
      </p>
      {c.ticketId ? (
        <p>
          <Link to={`/tickets/${c.ticketId}`}>
            {t('chat.openTicket', { code: c.ticketCode ?? '' })}
          </Link>
        </p>
      ) : null}
      <ol
        ref={logRef}
        className="chat-log"
        role="log"
        aria-live="polite"
        aria-label={t('chat.messages')}
      >
        {messages.map((m) => (
          <li key={m.seq} className={`chat-msg chat-from-${m.author}`}>
            <span className="chat-who">{t(`chat.author.${m.author}`)}</span>{' '}
            <time dateTime={m.at}>{formatDateTime(m.at, lang)}</time>
            <p>{m.body}</p>
            {m.suggestions.length ? (
              <div className="chat-kb">
                <span>{t('chat.suggested')}</span>
                <ul>
                  {m.suggestions.map((s) => (
                    <li key={s.id}>
                      <strong>{s.title}</strong> — {s.summary}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <ErrorAlert error={error} />
      <div className="chat-actions">
        {can.claim ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => void act(() => chatApi.claim(id))}
          >
            {t('chat.claim')}
          </button>
        ) : null}
        {can.toTicket ? (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void act(() => chatApi.toTicket(id))}
          >
            {t('chat.toTicket')}
          </button>
        ) : null}
        {can.close ? (
          <button
            type="button"
            className="btn btn-ghost"
            disabled={busy}
            onClick={() => void act(() => chatApi.close(id))}
          >
            {t('chat.close')}
          </button>
        ) : null}
      </div>
      {can.reply ? (
        <form className="chat-compose" onSubmit={send}>
          <TextArea
            label={t('chat.reply')}
            value={text}
            maxLength={2000}
            rows={3}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(e);
            }}
          />
          <button type="submit" className="btn btn-primary" disabled={busy || !text.trim()}>
            {t('chat.send')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
