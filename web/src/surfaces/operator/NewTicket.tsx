import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { toApiError, useCached } from '../../api/hooks.tsx';
import { URGENCIES } from '../../../../src/contract/enums.ts';
import type { ScopeRule } from '../../../../src/contract/org.ts';
import type { TicketList } from '../../../../src/contract/ticket.ts';
import { useI18n } from '../../i18n/react.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { Page } from '../../app/Page.tsx';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { ticketPath } from '../../app/routes.ts';
import { newKey } from '../../app/ids.ts';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/fields.tsx';
import { Alert, StatusBadge, useErrorText } from '../../ui/feedback.tsx';
import {
  CONTENT_MIN,
  callPrefill,
  OPERATOR_CHANNELS,
  isValidEmail,
  isValidPhone,
  normalizePhone,
  serverErrors,
  toCreateBody,
  validateTicket,
  type FormErrors,
  type FormField,
  type TicketForm,
} from './ticket-form.ts';
import { agencyName, fieldName } from '../names.ts';
import { KbPanel } from '../kb/KbPanel.tsx';
import type { KbChoice } from '../kb/kb-panel.ts';
import { handOffKbAnswer } from '../kb/handoff.ts';

const ORDER: FormField[] = [
  'phone',
  'name',
  'email',
  'address',
  'organization',
  'channel',
  'subject',
  'content',
  'fieldId',
];
const fid = (f: FormField) => `nt-${f}`;

type Mode = 'save' | 'forward' | 'reject' | { answer: string; choice: KbChoice };

/** Record a ticket fast: phone first (earlier tickets appear), then content, field, agency. */
export function NewTicket() {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const { search } = useLocation();
  // Opened from a call: the caller's number prefilled and the call bound to the new ticket.
  const [prefill] = useState(() => callPrefill(search));
  const [form, setForm] = useState<TicketForm>(prefill.form);
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [idempotencyKey] = useState(newKey);
  const fields = useCached('fields', api.fields);
  const agencies = useCached('agencies', api.agencies);
  const lookup = usePhoneLookup(form.phone, form.email);
  const screening = useScreening(`${form.subject}\n${form.content}`);
  const summaryRef = useRef<HTMLDivElement>(null);

  const field = fields.data?.fields.find((f) => f.id === form.fieldId);
  const proposed = agencies.data?.find((a) => a.id === field?.defaultAgencyId && a.active);

  function set<K extends FormField>(k: K, v: TicketForm[K]) {
    const next = { ...form, [k]: v };
    setForm(next);
    // After a first submit, errors follow the typing so they disappear as they are fixed.
    if (submitted) setErrors(validateTicket(next));
  }
  const err = (k: FormField) => (errors[k] ? t(errors[k].key, errors[k].params) : null);

  async function submit(mode: Mode) {
    setSubmitted(true);
    setFailure(null);
    const found = validateTicket(form);
    setErrors(found);
    const first = ORDER.find((k) => found[k]);
    if (first) {
      summaryRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await api.createTicket(
        toCreateBody(form, idempotencyKey, prefill.callId ?? undefined),
      );
      if (mode === 'forward' && proposed) {
        await api.act(created.id, 'forward', { agencyId: proposed.id, version: created.version });
      } else if (typeof mode === 'object') {
        // R-WF-1: the ticket opens with the answer ready for the operator to check and send.
        handOffKbAnswer({ ticketId: created.id, ...mode });
      } else if (mode === 'reject' && screening.match) {
        const rule = screening.match;
        await api.act(created.id, 'reject', {
          reason: rule.name,
          guidance: form.language === 'en' && rule.guidanceEn ? rule.guidanceEn : rule.guidanceVi,
          version: created.version,
        });
      }
      navigate(ticketPath(created.id));
    } catch (e) {
      const apiErr = toApiError(e);
      setFailure(apiErr);
      if (apiErr.code === 'validation_failed')
        setErrors({ ...found, ...serverErrors(apiErr.details) });
      setBusy(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit('save');
  }
  // Ctrl+Enter saves from anywhere in the form; Ctrl+Shift+Enter saves and forwards.
  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit(e.shiftKey && proposed ? 'forward' : 'save');
    }
  }

  const errorList = ORDER.filter((k) => errors[k]);
  const groups = fields.data?.groups ?? [];

  return (
    <Page title={t('newTicket.title')} focusHeading={false}>
      <div className="split">
        <form
          className="card form"
          onSubmit={onSubmit}
          onKeyDown={onKeyDown}
          noValidate
          aria-busy={busy}
        >
          {prefill.callId ? (
            <p className="call-bound" data-call={prefill.callId}>
              {t('newTicket.fromCall')}
            </p>
          ) : null}
          <div ref={summaryRef} tabIndex={-1} className="error-summary-anchor">
            {submitted && errorList.length > 0 ? (
              <Alert kind="error" title={t('validation.summary', { n: errorList.length })}>
                <ul>
                  {errorList.map((k) => (
                    <li key={k}>
                      <a href={`#${fid(k)}`}>
                        {t(`newTicket.${k}` as MessageKey)}: {err(k)}
                      </a>
                    </li>
                  ))}
                </ul>
              </Alert>
            ) : null}
          </div>

          <fieldset>
            <legend>{t('newTicket.citizen')}</legend>
            <div className="grid-2">
              <TextField
                id={fid('phone')}
                label={t('newTicket.phone')}
                type="tel"
                inputMode="tel"
                autoComplete="off"
                autoFocus
                value={form.phone}
                onChange={(e) => set('phone', e.target.value)}
                error={err('phone')}
                hint={t('newTicket.phoneHint')}
              />
              <TextField
                id={fid('name')}
                label={t('newTicket.name')}
                required
                autoComplete="off"
                value={form.name}
                onChange={(e) => set('name', e.target.value)}
                error={err('name')}
              />
              <TextField
                id={fid('email')}
                label={t('newTicket.email')}
                type="email"
                autoComplete="off"
                value={form.email}
                onChange={(e) => set('email', e.target.value)}
                error={err('email')}
              />
              <TextField
                id={fid('address')}
                label={t('newTicket.address')}
                autoComplete="off"
                value={form.address}
                onChange={(e) => set('address', e.target.value)}
                error={err('address')}
              />
              <TextField
                id={fid('organization')}
                label={t('newTicket.organization')}
                autoComplete="off"
                value={form.organization}
                onChange={(e) => set('organization', e.target.value)}
                error={err('organization')}
              />
              <SelectField
                id={fid('language')}
                label={t('newTicket.language')}
                value={form.language}
                onChange={(e) => set('language', e.target.value === 'en' ? 'en' : 'vi')}
              >
                <option value="vi">{t('lang.vi')}</option>
                <option value="en">{t('lang.en')}</option>
              </SelectField>
            </div>
            <Checkbox
              label={t('newTicket.confidential')}
              hint={t('newTicket.confidentialHint')}
              checked={form.confidential}
              onChange={(e) => set('confidential', e.target.checked)}
            />
          </fieldset>

          <fieldset>
            <legend>{t('newTicket.request')}</legend>
            <div className="grid-2">
              <SelectField
                id={fid('channel')}
                label={t('newTicket.channel')}
                value={form.channel}
                onChange={(e) => set('channel', e.target.value as TicketForm['channel'])}
                error={err('channel')}
              >
                {OPERATOR_CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {t(`channel.${c}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id={fid('urgency')}
                label={t('newTicket.urgency')}
                value={form.urgency}
                onChange={(e) => set('urgency', e.target.value as TicketForm['urgency'])}
              >
                {URGENCIES.map((u) => (
                  <option key={u} value={u}>
                    {t(`urgency.${u}`)}
                  </option>
                ))}
              </SelectField>
            </div>
            <TextField
              id={fid('subject')}
              label={t('newTicket.subject')}
              value={form.subject}
              onChange={(e) => set('subject', e.target.value)}
              error={err('subject')}
            />
            <TextArea
              id={fid('content')}
              label={t('newTicket.content')}
              required
              rows={6}
              value={form.content}
              onChange={(e) => set('content', e.target.value)}
              error={err('content')}
              hint={t('newTicket.contentHint', { min: CONTENT_MIN })}
            />
            <SelectField
              id={fid('fieldId')}
              label={t('newTicket.fieldId')}
              value={form.fieldId}
              onChange={(e) => set('fieldId', e.target.value)}
              error={err('fieldId')}
              hint={
                proposed
                  ? t('newTicket.proposed', { agency: agencyName(proposed, lang) })
                  : t('newTicket.fieldHint')
              }
            >
              <option value="">{t('newTicket.noField')}</option>
              {groups.map((g) => (
                <optgroup
                  key={g.id}
                  label={`${g.number}. ${lang === 'en' && g.nameEn ? g.nameEn : g.name}`}
                >
                  {(fields.data?.fields ?? [])
                    .filter((f) => f.groupNumber === g.number && f.active)
                    .map((f) => (
                      <option key={f.id} value={f.id}>
                        {fieldName(f, lang)}
                      </option>
                    ))}
                </optgroup>
              ))}
            </SelectField>
          </fieldset>

          {failure && failure.code !== 'validation_failed' ? (
            <Alert kind="error">{errorText(failure)}</Alert>
          ) : null}

          <div className="form-actions">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={busy}
              aria-keyshortcuts="Control+Enter"
            >
              {t('newTicket.save')}
            </button>
            {proposed ? (
              <button
                type="button"
                className="btn"
                disabled={busy}
                aria-keyshortcuts="Control+Shift+Enter"
                onClick={() => void submit('forward')}
              >
                {t('newTicket.saveForward', { agency: agencyName(proposed, lang) })}
              </button>
            ) : null}
            <span className="hint">{t('newTicket.shortcuts')}</span>
          </div>
        </form>

        <aside className="side" aria-label={t('newTicket.side')}>
          {screening.match ? (
            <ScreeningAlert
              rule={screening.match}
              citizenLang={form.language}
              busy={busy}
              onReject={() => void submit('reject')}
            />
          ) : null}
          <KbPanel
            text={`${form.subject} ${form.content}`}
            citizenLang={form.language}
            onAnswer={(answer, choice) => void submit({ answer, choice })}
          />
          <EarlierTickets lookup={lookup} />
        </aside>
      </div>
    </Page>
  );
}

function ScreeningAlert({
  rule,
  citizenLang,
  busy,
  onReject,
}: {
  rule: ScopeRule;
  citizenLang: 'vi' | 'en';
  busy: boolean;
  onReject: () => void;
}) {
  const { t, lang } = useI18n();
  const guidance = citizenLang === 'en' && rule.guidanceEn ? rule.guidanceEn : rule.guidanceVi;
  return (
    <Alert kind="warning" title={t('screen.title')}>
      <p>
        {t('screen.rule')}:{' '}
        <strong>{lang === 'en' && rule.nameEn ? rule.nameEn : rule.name}</strong>
        {rule.redirectTo ? ` (${rule.redirectTo})` : null}
      </p>
      <p className="guidance">
        {t('screen.guidance')}: {guidance}
      </p>
      <button type="button" className="btn btn-danger" disabled={busy} onClick={onReject}>
        {t('screen.reject')}
      </button>
    </Alert>
  );
}

interface Lookup {
  by: string | null;
  result: TicketList | null;
  error: ApiError | null;
}

/** Earlier tickets of the caller, looked up once the phone (or email) is complete. */
function usePhoneLookup(phone: string, email: string): Lookup {
  const by = isValidPhone(phone)
    ? `phone=${normalizePhone(phone)}`
    : isValidEmail(email)
      ? `email=${email.trim().toLowerCase()}`
      : null;
  const [state, setState] = useState<Lookup>({ by: null, result: null, error: null });
  useEffect(() => {
    if (!by) return;
    let live = true;
    const timer = setTimeout(() => {
      const [k, v] = by.split('=') as [string, string];
      api.lookup({ [k]: v }).then(
        (result) => live && setState({ by, result, error: null }),
        (e: unknown) => live && setState({ by, result: null, error: toApiError(e) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [by]);
  return state.by === by ? state : { by, result: null, error: null };
}

function EarlierTickets({ lookup }: { lookup: Lookup }) {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  if (!lookup.by) return <p className="muted">{t('lookup.hint')}</p>;
  if (lookup.error) return <Alert kind="error">{errorText(lookup.error)}</Alert>;
  if (!lookup.result) return <p className="muted">{t('common.loading')}</p>;
  const items = lookup.result.items;
  return (
    <section className="card" aria-labelledby="lookup-h">
      <h2 id="lookup-h">{t('lookup.title', { n: lookup.result.total })}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('lookup.none')}</p>
      ) : (
        <ul className="mini-list">
          {items.map((x) => (
            <li key={x.id}>
              <Link to={ticketPath(x.id)} target="_blank" rel="noopener">
                {x.code}
              </Link>{' '}
              <StatusBadge status={x.status} />
              <div className="mini-sub">
                {x.citizen.name} · {formatDateTime(x.createdAt, lang)}
              </div>
              <div className="mini-text">{x.subject || x.content.slice(0, 120)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Out-of-scope screening (R-SC-3) of what the operator types, after a short pause. */
function useScreening(text: string): { match: ScopeRule | null } {
  const trimmed = text.trim();
  const [state, setState] = useState<{ text: string; match: ScopeRule | null }>({
    text: '',
    match: null,
  });
  useEffect(() => {
    if (trimmed.length < CONTENT_MIN) return;
    let live = true;
    const timer = setTimeout(() => {
      api.screen(trimmed).then(
        (r) => live && setState({ text: trimmed, match: r.match }),
        () => undefined,
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trimmed]);
  // Keep the last answer while typing on, so the warning does not flicker.
  return useMemo(
    () => ({ match: trimmed.length < CONTENT_MIN ? null : state.match }),
    [trimmed, state.match],
  );
}
