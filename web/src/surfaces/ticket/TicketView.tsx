import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useCached, useLiveEvent, useResource, useResync } from '../../api/hooks.tsx';
import type { Action } from '../../../../src/contract/enums.ts';
import type { TicketDetail, TimelineEntry } from '../../../../src/contract/ticket.ts';
import { can, maskedDownload } from '../../../../src/contract/access.ts';
import { useI18n } from '../../i18n/react.tsx';
import type { Lang, MessageKey, Translate } from '../../i18n/catalog.ts';
import { formatBytes, formatDate, formatDateTime } from '../../i18n/format.ts';
import { Page } from '../../app/Page.tsx';
import { Link } from '../../app/router.tsx';
import { homeFor } from '../../app/routes.ts';
import { useUser } from '../../app/session.tsx';
import { roleKey } from '../../app/Shell.tsx';
import { API_BASE } from '../../api/client.ts';
import {
  Alert,
  ErrorAlert,
  EscalationBadge,
  Loading,
  StatusBadge,
  UrgencyBadge,
} from '../../ui/feedback.tsx';
import { CountdownBadge } from '../agency/Countdown.tsx';
import { agencyName, fieldName } from '../names.ts';
import { ActionForm, type ActionResult } from './ActionForm.tsx';
import { isDanger, isPrimary, orderActions } from './actions.ts';
import { channelKey, FlagBadge } from './TicketRows.tsx';
import { takeKbAnswer } from '../kb/handoff.ts';
import { Recording } from '../phone/Recording.tsx';
import { deadlineHours } from './sla.ts';
import { ACTIONS } from '../../../../src/core/ticket/state-machine.ts';

/** One ticket: details, citizen, classification, answers, deadlines, files and the timeline. */
export function TicketView({ id }: { id: string }) {
  const { t } = useI18n();
  const user = useUser();
  const r = useResource(() => api.ticket(id), `ticket:${id}`);
  const fields = useCached('fields', api.fields);
  // An answer chosen from the knowledge base while recording the ticket opens ready to send.
  const [initialKb] = useState(() => takeKbAnswer(id));
  const [open, setOpen] = useState<Action | null>(initialKb ? 'answer_directly' : null);
  const [done, setDone] = useState<{ action: Action; away: boolean } | null>(null);
  const [changed, setChanged] = useState(false);
  useLiveEvent('ticket.updated', (ev) => {
    if (ev.ticketId !== id) return;
    // Someone else moved the ticket while a form is open: say so, the form keeps its input.
    if (open) setChanged(true);
    r.reload();
  });
  useResync(r.reload);

  function finished(action: Action, res: ActionResult) {
    setOpen(null);
    setChanged(false);
    setDone({ action, away: res.kind === 'handed_away' });
    if (res.kind === 'updated') r.reload();
  }

  if (done?.away) {
    return (
      <Page title={t('ticket.handedAwayTitle')}>
        <Alert kind="success">
          {t('ticket.handedAway', { action: t(`action.${done.action}`) })}
        </Alert>
        <p>
          <Link to={homeFor(user.role)}>{t('ticket.backToList')}</Link>
        </p>
      </Page>
    );
  }
  if (r.error?.status === 404 || r.error?.code === 'validation_failed') {
    return (
      <Page title={t('ticket.notFoundTitle')}>
        <p>{t('ticket.notFound')}</p>
        <p>
          <Link to={homeFor(user.role)}>{t('ticket.backToList')}</Link>
        </p>
      </Page>
    );
  }
  if (!r.data) {
    return r.error ? <ErrorAlert error={r.error} onRetry={r.reload} /> : <Loading />;
  }
  const tk = r.data;
  const actions = orderActions(tk.actions);
  // R-SC-2: the field's responsible agency is preselected when forwarding.
  const proposed = fields.data?.fields.find((f) => f.id === tk.fieldId)?.defaultAgencyId ?? null;

  return (
    <Page title={t('ticket.title', { code: tk.code })}>
      <div className="ticket-head">
        <StatusBadge status={tk.status} />
        <EscalationBadge escalation={tk.escalation} />
        <UrgencyBadge urgency={tk.urgency} />
        <FlagBadge flags={tk.flags} />
        {tk.deadline ? <CountdownBadge deadline={tk.deadline} agencyId={tk.agencyId} /> : null}
      </div>

      {done ? (
        <Alert kind="success">{t('ticket.done', { action: t(`action.${done.action}`) })}</Alert>
      ) : null}
      {changed ? <Alert kind="warning">{t('ticket.changedMeanwhile')}</Alert> : null}

      {actions.length > 0 ? (
        <div className="action-bar" role="group" aria-label={t('ticket.actions')}>
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={`btn ${isPrimary(a) ? 'btn-primary' : isDanger(a) ? 'btn-danger-outline' : ''}`}
              aria-expanded={open === a}
              aria-controls={open === a ? 'action-form' : undefined}
              data-action={a}
              onClick={() => {
                setDone(null);
                setOpen(open === a ? null : a);
              }}
            >
              {t(`action.${a}`)}
            </button>
          ))}
        </div>
      ) : null}

      {open ? (
        <div id="action-form">
          <ActionForm
            key={open}
            ticket={tk}
            action={open}
            proposedAgencyId={proposed}
            {...(open === 'answer_directly' && initialKb ? { initialKb } : {})}
            onDone={(res) => finished(open, res)}
            onCancel={() => setOpen(null)}
          />
        </div>
      ) : null}

      <TicketBody ticket={tk} />
    </Page>
  );
}

function TicketBody({ ticket: tk }: { ticket: TicketDetail }) {
  const { t, lang } = useI18n();
  const sla = useCached('settings', api.settings).data?.sla;
  const agencies = useCached('agencies', api.agencies);
  const fields = useCached('fields', api.fields);
  const byId = new Map((agencies.data ?? []).map((a) => [a.id, a]));
  const field = fields.data?.fields.find((f) => f.id === tk.fieldId);
  const name = (aid: string | null) => {
    if (!aid) return null;
    const a = byId.get(aid);
    return a ? agencyName(a, lang) : '…';
  };

  return (
    <div className="ticket-grid">
      <div className="ticket-main">
        <section className="card" aria-labelledby="sec-content">
          <h2 id="sec-content">{tk.subject || t('ticket.content')}</h2>
          <p className="prose">{tk.content}</p>
        </section>

        {tk.agencyAnswer || tk.answer || tk.rejectReason || tk.promisedDate ? (
          <section className="card" aria-labelledby="sec-answers">
            <h2 id="sec-answers">{t('ticket.answers')}</h2>
            <dl className="dl">
              {tk.promisedDate ? (
                <Row label={t('ticket.promisedDate')} value={formatDate(tk.promisedDate, lang)} />
              ) : null}
              {tk.agencyAnswer ? (
                <Row label={t('ticket.agencyAnswer')} value={tk.agencyAnswer} prose />
              ) : null}
              {tk.answer ? <Row label={t('ticket.answer')} value={tk.answer} prose /> : null}
              {tk.rejectReason ? (
                <Row label={t('ticket.rejectReason')} value={tk.rejectReason} prose />
              ) : null}
              {tk.rejectGuidance ? (
                <Row label={t('ticket.rejectGuidance')} value={tk.rejectGuidance} prose />
              ) : null}
            </dl>
          </section>
        ) : null}

        <section className="card" aria-labelledby="sec-timeline">
          <h2 id="sec-timeline">{t('ticket.timeline')}</h2>
          <ol className="timeline">
            {tk.timeline.map((e) => (
              <TimelineItem key={e.id} e={e} t={t} lang={lang} agencyName={name} />
            ))}
          </ol>
        </section>
      </div>

      <div className="ticket-side">
        <section className="card" aria-labelledby="sec-citizen">
          <h2 id="sec-citizen">{t('ticket.citizen')}</h2>
          {tk.masked ? <p className="hint masked-note">{t('ticket.masked')}</p> : null}
          <dl className="dl">
            <Row label={t('newTicket.name')} value={tk.citizen.name} />
            {tk.citizen.phone ? (
              <Row label={t('newTicket.phone')} value={tk.citizen.phone} />
            ) : null}
            {tk.citizen.email ? (
              <Row label={t('newTicket.email')} value={tk.citizen.email} />
            ) : null}
            {tk.citizen.address ? (
              <Row label={t('newTicket.address')} value={tk.citizen.address} />
            ) : null}
            {tk.citizen.organization ? (
              <Row label={t('newTicket.organization')} value={tk.citizen.organization} />
            ) : null}
            <Row
              label={t('ticket.language')}
              value={t(tk.citizen.language === 'en' ? 'lang.en' : 'lang.vi')}
            />
            {tk.confidential ? (
              <Row label={t('ticket.confidential')} value={t('common.yes')} />
            ) : null}
          </dl>
        </section>

        <section className="card" aria-labelledby="sec-class">
          <h2 id="sec-class">{t('ticket.classification')}</h2>
          <dl className="dl">
            <Row label={t('newTicket.channel')} value={t(`channel.${channelKey(tk.channel)}`)} />
            <Row
              label={t('newTicket.fieldId')}
              value={field ? fieldName(field, lang) : t('ticket.none')}
            />
            <Row label={t('ticket.agency')} value={name(tk.agencyId) ?? t('ticket.none')} />
            {tk.subunitId ? (
              <Row label={t('ticket.subunit')} value={name(tk.subunitId) ?? ''} />
            ) : null}
            <Row label={t('ticket.createdAt')} value={formatDateTime(tk.createdAt, lang)} />
            {tk.forwardedAt ? (
              <Row label={t('ticket.forwardedAt')} value={formatDateTime(tk.forwardedAt, lang)} />
            ) : null}
            {tk.answeredAt ? (
              <Row label={t('ticket.answeredAt')} value={formatDateTime(tk.answeredAt, lang)} />
            ) : null}
          </dl>
        </section>

        <section className="card" aria-labelledby="sec-deadlines">
          <h2 id="sec-deadlines">{t('ticket.deadlines')}</h2>
          {tk.deadlines.length === 0 ? (
            <p className="muted">{t('ticket.noDeadlines')}</p>
          ) : (
            <ul className="mini-list">
              {tk.deadlines.map((d) => (
                <li key={d.id}>
                  <strong>{t(deadlineKindKey(d.kind), deadlineHours(sla, d.kind))}</strong> ·{' '}
                  {t(deadlineStatusKey(d.status))}
                  <div className="mini-sub">
                    {t('countdown.due', { at: formatDateTime(d.dueAt, lang) })}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="sec-files">
          <h2 id="sec-files">{t('ticket.attachments')}</h2>
          {tk.attachments.length === 0 ? (
            <p className="muted">{t('ticket.noAttachments')}</p>
          ) : (
            <ul className="mini-list">
              {tk.attachments.map((a) => (
                <li key={a.id}>
                  {/* A file that cannot be masked is not offered to a masked viewer (R-PUB-2). */}
                  {tk.masked && maskedDownload(a.contentType) === 'refused' ? (
                    <span>{a.filename}</span>
                  ) : (
                    <a
                      href={`${API_BASE}/attachments/${encodeURIComponent(a.id)}`}
                      download={a.filename}
                    >
                      {a.filename}
                    </a>
                  )}{' '}
                  <span className="mini-sub">{formatBytes(a.size)}</span>
                  {tk.masked && maskedDownload(a.contentType) === 'refused' ? (
                    <div className="mini-sub">{t('ticket.attachmentMasked')}</div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function Row({ label, value, prose }: { label: string; value: string; prose?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={prose ? 'prose' : undefined}>{value}</dd>
    </>
  );
}

const KNOWN_ACTIONS = new Set<string>(ACTIONS);

function timelineKey(action: string): MessageKey {
  if (KNOWN_ACTIONS.has(action)) return `timeline.${action as Action}`;
  if (action === 'create') return 'timeline.create';
  if (action === 'deadline_warning') return 'timeline.deadline_warning';
  if (action === 'deadline_rescheduled') return 'timeline.deadline_rescheduled';
  if (action === 'abuse_flag') return 'timeline.abuse_flag';
  if (action === 'call_bound') return 'timeline.call_bound';
  if (action === 'call_transferred') return 'timeline.call_transferred';
  if (action === 'citizen_rating') return 'timeline.citizen_rating';
  return 'timeline.other';
}

function deadlineKindKey(kind: string): MessageKey {
  return kind === 'focal_point' || kind === 'head' || kind === 'promised'
    ? `deadlineKind.${kind}`
    : 'deadlineKind.other';
}

function deadlineStatusKey(s: string): MessageKey {
  return s === 'pending' || s === 'paused' || s === 'met' || s === 'fired' || s === 'cancelled'
    ? `deadlineStatus.${s}`
    : 'deadlineStatus.other';
}

function TimelineItem({
  e,
  t,
  lang,
  agencyName: name,
}: {
  e: TimelineEntry;
  t: Translate;
  lang: Lang;
  agencyName: (id: string | null) => string | null;
}) {
  const d = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Record<
    string,
    unknown
  >;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
  const who =
    e.actorRole === 'system'
      ? t('timeline.system')
      : [e.actor, e.actorRole ? t(roleKey(e.actorRole)) : null].filter(Boolean).join(' · ');
  return (
    <li className="tl-item">
      <div className="tl-head">
        <strong>{t(timelineKey(e.action))}</strong>
        <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
      </div>
      <div className="tl-who">
        {who}
        {e.agency ? ` — ${e.agency}` : ''}
      </div>
      {str('toAgencyId') ? (
        <div>{t('timeline.toAgency', { agency: name(str('toAgencyId')) ?? '' })}</div>
      ) : null}
      {str('promisedDate') ? (
        <div>{t('timeline.promised', { date: formatDate(str('promisedDate')!, lang) })}</div>
      ) : null}
      {str('reason') ? <div className="prose">{str('reason')}</div> : null}
      {str('guidance') ? <div className="prose">{str('guidance')}</div> : null}
      {str('answer') ? <div className="prose tl-answer">{str('answer')}</div> : null}
      {str('kbArticleId') ? <KbCitation d={d} t={t} /> : null}
      {e.action === 'call_bound' && str('callId') ? (
        <CallRecordingOf callId={str('callId')!} />
      ) : null}
      {e.note ? <div className="prose">{e.note}</div> : null}
    </li>
  );
}

/** The bound call's recording, for the roles that may listen (R-TEL-5; audited). */
function CallRecordingOf({ callId }: { callId: string }) {
  const user = useUser();
  if (!can(user.role, 'call.recording')) return null;
  return (
    <div className="tl-call">
      <Recording callId={callId} />
    </div>
  );
}

/** Which knowledge-base article (and version) an answer came from (R-KB-3). */
function KbCitation({ d, t }: { d: Record<string, unknown>; t: Translate }) {
  const title = typeof d.kbTitle === 'string' ? d.kbTitle : null;
  const code = typeof d.kbCode === 'string' ? d.kbCode : null;
  const version = typeof d.kbVersion === 'number' ? d.kbVersion : null;
  const text =
    title && version !== null
      ? code
        ? t('timeline.kbCode', { title, code, version })
        : t('timeline.kb', { title, version })
      : t('timeline.kbRef', { ref: String(d.kbArticleId) });
  return <div className="tl-kb">{text}</div>;
}
