import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { api, isDetail } from '../../api/client.ts';
import { toApiError, useCached } from '../../api/hooks.tsx';
import type { Action } from '../../../../src/contract/enums.ts';
import type { Agency, ScopeRule } from '../../../../src/contract/org.ts';
import type { MessageTemplate } from '../../../../src/contract/template.ts';
import type { TicketDetail, Ticket } from '../../../../src/contract/ticket.ts';
import type { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/react.tsx';
import { translate, type Lang, type MessageKey } from '../../i18n/catalog.ts';
import { formatDate, todayIso } from '../../i18n/format.ts';
import { renderTemplate } from '../../../../src/core/template/render.ts';
import { SelectField, TextArea, TextField } from '../../ui/fields.tsx';
import { Alert, useErrorText } from '../../ui/feedback.tsx';
import { agencyName } from '../names.ts';
import { KbPanel } from '../kb/KbPanel.tsx';
import { actionHelpParams } from './sla.ts';
import type { KbChoice } from '../kb/kb-panel.ts';
import {
  answerLabel,
  inputsFor,
  isDanger,
  nextDay,
  reasonLabel,
  toActionBody,
  validateAction,
  type ActionErrors,
  type ActionInput,
  type ActionValues,
} from './actions.ts';

/** Ready-made answers, written in the citizen's language whatever the operator's. */
const CANNED: readonly MessageKey[] = [
  'canned.received',
  'canned.forwarded',
  'canned.procedure',
  'canned.thanks',
];

/** Answers that go to the citizen: the operator answers them from the knowledge base (R-WF-1). */
const KB_ACTIONS: ReadonlySet<Action> = new Set(['answer_directly', 'answer_citizen']);

/** Agencies a ticket may be forwarded or transferred to (the server refuses the others). */
function forwardTargets(all: readonly Agency[], exceptId: string | null): Agency[] {
  return all.filter(
    (a) => a.active && a.kind !== 'hotline' && a.kind !== 'subunit' && a.id !== exceptId,
  );
}

export type ActionResult = { kind: 'updated'; ticket: TicketDetail } | { kind: 'handed_away' };

/**
 * The small form an action needs: an agency for forward/transfer, a sub-unit for internal
 * routing, a reason template and guidance for a rejection, an answer, a promised date… with
 * the same required inputs the server checks. Escape cancels; Ctrl+Enter submits.
 */
export function ActionForm({
  ticket,
  action,
  proposedAgencyId,
  initial,
  initialKb,
  onDone,
  onCancel,
}: {
  ticket: Ticket;
  action: Action;
  proposedAgencyId: string | null;
  /** Pre-filled inputs (e.g. the coordinator's request for an explanation). */
  initial?: ActionValues;
  /** An article chosen before the form opened (from the new-ticket screen). */
  initialKb?: { answer: string; choice: KbChoice };
  onDone: (r: ActionResult) => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const inputs = inputsFor(action);
  const needsAgencies = inputs.includes('agencyId') || inputs.includes('subunitId');
  const agencies = useCached('agencies', api.agencies);
  const sla = useCached('settings', api.settings).data?.sla;
  // Rejection templates are the out-of-scope rules (R-SC-3): name → reason, guidance as is.
  const rules = useCached(
    action === 'reject' ? 'scope-rules' : 'none',
    action === 'reject' ? api.scopeRules : noRules,
  );
  const citizenLang: Lang = ticket.citizen.language === 'en' ? 'en' : 'vi';
  const [values, setValues] = useState<ActionValues>(() => ({
    ...(action === 'forward' && proposedAgencyId ? { agencyId: proposedAgencyId } : {}),
    ...initial,
    ...(initialKb ? { answer: initialKb.answer } : {}),
  }));
  // The article the answer came from, sent with it and shown on the timeline (R-KB-3).
  const [kb, setKb] = useState<KbChoice | null>(initialKb?.choice ?? null);
  const kbText = useRef<string | null>(initialKb?.answer ?? null);
  const withKb = KB_ACTIONS.has(action);
  // The administrator's reply templates (Mẫu tin nhắn), before the built-in ones.
  const wantsAnswer = inputs.includes('answer');
  const templates = useCached(
    wantsAnswer ? 'templates' : 'none:templates',
    wantsAnswer ? () => api.templates('reply') : noTemplates,
  );
  const [errors, setErrors] = useState<ActionErrors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // The version seen when the form opened: a concurrent change is reported, not overwritten.
  const [version] = useState(ticket.version);
  const formRef = useRef<HTMLFormElement>(null);
  const today = todayIso();

  const set = (k: ActionInput, v: string) => setValues((s) => ({ ...s, [k]: v }));
  const err = (k: ActionInput) => (errors[k] ? t(errors[k].key, errors[k].params) : null);

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const found = validateAction(action, values, today);
    setErrors(found);
    const first = inputs.find((k) => found[k]);
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`#af-${first}`)?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const body = toActionBody(action, values, version);
      if (kb) {
        body.kbArticleId = kb.id;
        body.kbVersion = kb.version;
      }
      const res = await api.act(ticket.id, action, body);
      onDone(isDetail(res) ? { kind: 'updated', ticket: res } : { kind: 'handed_away' });
    } catch (x) {
      setFailure(toApiError(x));
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  }

  const all = agencies.data ?? [];
  const targets = forwardTargets(all, action === 'transfer' ? ticket.agencyId : null);
  const subunits = all.filter((a) => a.active && a.parentId === ticket.agencyId);
  const agencyLoading = needsAgencies && !agencies.data;
  // The first control takes focus once it can: an agency list is disabled while it loads.
  useEffect(() => {
    const form = formRef.current;
    if (!form || agencyLoading || form.contains(document.activeElement)) return;
    form.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [agencyLoading]);

  function answerFromArticle(answer: string, choice: KbChoice) {
    // A second article replaces the first one's text if it is still there untouched.
    const current = values.answer ?? '';
    const prev = kbText.current;
    const next =
      prev && current.includes(prev) ? current.replace(prev, answer) : joinText(current, answer);
    kbText.current = answer;
    setKb(choice);
    setValues((s) => ({ ...s, answer: next }));
    setErrors((e) => ({ ...e, answer: undefined }));
    const box = formRef.current?.querySelector<HTMLTextAreaElement>('#af-answer');
    box?.focus();
  }

  // Suggestions follow the ticket, or what the operator writes before an article is chosen.
  const typedAnswer = (values.answer ?? '').trim();
  const kbQuery =
    !kb && typedAnswer.length >= 3 ? typedAnswer : `${ticket.subject ?? ''} ${ticket.content}`;

  const form = (
    <form
      ref={formRef}
      className={`card action-form${isDanger(action) ? ' danger' : ''}`}
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      noValidate
      aria-labelledby="action-form-title"
      aria-busy={busy}
    >
      <h2 id="action-form-title">{t(`action.${action}`)}</h2>
      <p className="hint">{t(`actionHelp.${action}`, actionHelpParams(action, sla))}</p>

      {inputs.includes('agencyId') ? (
        <SelectField
          id="af-agencyId"
          label={t('actionForm.agency')}
          required
          value={values.agencyId ?? ''}
          onChange={(e) => set('agencyId', e.target.value)}
          error={err('agencyId')}
          disabled={agencyLoading}
          hint={
            proposedAgencyId && action === 'forward'
              ? t('actionForm.agencyProposedHint')
              : undefined
          }
        >
          <option value="">{agencyLoading ? t('common.loading') : t('actionForm.choose')}</option>
          {targets.map((a) => (
            <option key={a.id} value={a.id}>
              {agencyName(a, lang)}
              {a.id === proposedAgencyId ? ` — ${t('actionForm.proposed')}` : ''}
            </option>
          ))}
        </SelectField>
      ) : null}

      {inputs.includes('subunitId') ? (
        <SelectField
          id="af-subunitId"
          label={t('actionForm.subunit')}
          required
          value={values.subunitId ?? ''}
          onChange={(e) => set('subunitId', e.target.value)}
          error={err('subunitId')}
          disabled={agencyLoading}
          hint={subunits.length === 0 && !agencyLoading ? t('actionForm.noSubunits') : undefined}
        >
          <option value="">{agencyLoading ? t('common.loading') : t('actionForm.choose')}</option>
          {subunits.map((a) => (
            <option key={a.id} value={a.id}>
              {agencyName(a, lang)}
            </option>
          ))}
        </SelectField>
      ) : null}

      {inputs.includes('promisedDate') ? (
        <TextField
          id="af-promisedDate"
          label={t('actionForm.promisedDate')}
          type="date"
          required
          min={nextDay(today)}
          value={values.promisedDate ?? ''}
          onChange={(e) => set('promisedDate', e.target.value)}
          error={err('promisedDate')}
          hint={t('actionForm.promisedDateHint')}
        />
      ) : null}

      {action === 'reject' && (rules.data?.length ?? 0) > 0 ? (
        <SelectField
          id="af-template"
          label={t('actionForm.template')}
          defaultValue=""
          onChange={(e) => {
            const r = rules.data?.find((x) => x.id === e.target.value);
            if (!r) return;
            setValues((s) => ({
              ...s,
              reason: lang === 'en' && r.nameEn ? r.nameEn : r.name,
              guidance: citizenLang === 'en' && r.guidanceEn ? r.guidanceEn : r.guidanceVi,
            }));
          }}
          hint={t('actionForm.templateHint')}
        >
          <option value="">{t('actionForm.choose')}</option>
          {rules.data?.map((r) => (
            <option key={r.id} value={r.id}>
              {lang === 'en' && r.nameEn ? r.nameEn : r.name}
            </option>
          ))}
        </SelectField>
      ) : null}

      {inputs.includes('reason') ? (
        <TextArea
          id="af-reason"
          label={t(reasonLabel(action))}
          required
          rows={3}
          value={values.reason ?? ''}
          onChange={(e) => set('reason', e.target.value)}
          error={err('reason')}
        />
      ) : null}

      {inputs.includes('guidance') ? (
        <TextArea
          id="af-guidance"
          label={t('actionForm.guidance')}
          required
          rows={3}
          value={values.guidance ?? ''}
          onChange={(e) => set('guidance', e.target.value)}
          error={err('guidance')}
          hint={t('actionForm.guidanceHint')}
        />
      ) : null}

      {inputs.includes('answer') ? (
        <>
          <div className="canned">
            <SelectField
              id="af-canned"
              label={t('actionForm.canned')}
              value=""
              onChange={(e) => {
                const tpl = templates.data?.find((x) => x.id === e.target.value);
                if (tpl) {
                  const text = citizenLang === 'en' && tpl.bodyEn ? tpl.bodyEn : tpl.bodyVi;
                  set(
                    'answer',
                    joinText(
                      values.answer,
                      renderTemplate(text, {
                        code: ticket.code,
                        name: ticket.citizen.name,
                        date: formatDate(new Date(), citizenLang),
                      }),
                    ),
                  );
                  return;
                }
                const key = CANNED.find((k) => k === e.target.value);
                if (key) set('answer', joinText(values.answer, translate(citizenLang, key)));
              }}
              hint={t('actionForm.cannedHint', { lang: t(`lang.${citizenLang}`) })}
            >
              <option value="">{t('actionForm.choose')}</option>
              {templates.data
                ?.filter((x) => x.active)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.title}
                  </option>
                ))}
              {CANNED.map((k) => (
                <option key={k} value={k}>
                  {translate(citizenLang, k).slice(0, 60)}…
                </option>
              ))}
            </SelectField>
            {action === 'answer_citizen' && ticket.agencyAnswer ? (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => set('answer', joinText(values.answer, ticket.agencyAnswer ?? ''))}
              >
                {t('actionForm.useAgencyAnswer')}
              </button>
            ) : null}
          </div>
          {kb ? (
            <div className="kb-chosen" role="status">
              <span>{t('kb.chosen', { title: kb.title, version: kb.version })}</span>
              {kb.freshness !== 'current' ? (
                <strong className="kb-warning">{t('kb.chosenStale')}</strong>
              ) : null}
              <button
                type="button"
                className="btn btn-small btn-link"
                onClick={() => {
                  setKb(null);
                  kbText.current = null;
                }}
              >
                {t('kb.unlink')}
              </button>
            </div>
          ) : null}
          <TextArea
            id="af-answer"
            label={t(answerLabel(action))}
            required
            rows={6}
            value={values.answer ?? ''}
            onChange={(e) => set('answer', e.target.value)}
            error={err('answer')}
          />
        </>
      ) : null}

      {inputs.includes('note') ? (
        <TextArea
          id="af-note"
          label={t('actionForm.note')}
          rows={2}
          value={values.note ?? ''}
          onChange={(e) => set('note', e.target.value)}
          error={err('note')}
        />
      ) : null}

      {failure ? <Alert kind="error">{errorText(failure)}</Alert> : null}

      <div className="form-actions">
        <button
          type="submit"
          className={`btn ${isDanger(action) ? 'btn-danger' : 'btn-primary'}`}
          disabled={busy}
          aria-keyshortcuts="Control+Enter"
        >
          {busy ? t('common.working') : t('actionForm.confirm', { action: t(`action.${action}`) })}
        </button>
        <button type="button" className="btn" onClick={onCancel} aria-keyshortcuts="Escape">
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
  if (!withKb) return form;
  return (
    <div className="with-kb">
      {form}
      <KbPanel text={kbQuery} citizenLang={citizenLang} onAnswer={answerFromArticle} />
    </div>
  );
}

const noRules = async (): Promise<ScopeRule[]> => [];
const noTemplates = async (): Promise<MessageTemplate[]> => [];

function joinText(current: string | undefined, add: string): string {
  return current?.trim() ? `${current.trimEnd()}\n\n${add}` : add;
}
