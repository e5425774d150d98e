import { useState } from 'react';
import { api } from '../../api/client.ts';
import { adminApi } from './api.ts';
import { invalidateCached, useResource } from '../../api/hooks.tsx';
import type {
  Channel,
  MessageTemplate,
  Settings,
  TemplateKind,
  TemplatePatch,
} from '../../api/types.ts';
import {
  MESSAGE_CHANNELS,
  PLACEHOLDERS,
  renderTemplate,
  unknownPlaceholders,
} from '../../../../src/core/template/render.ts';
import { Page } from '../../app/Page.tsx';
import { formatDate } from '../../i18n/format.ts';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/fields.tsx';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { channelKey } from '../ticket/TicketRows.tsx';
import { validateCode } from './fields.ts';
import { useAdminI18n, type AdminMessage } from './i18n.ts';
import {
  Editor,
  focusFirst,
  Saved,
  SettingsForm,
  useEditorState,
  useIssues,
  useMsg,
  useWrite,
} from './ui.tsx';

type EditorState = { kind: TemplateKind; template: MessageTemplate | null };

interface TemplateForm {
  code: string;
  title: string;
  channel: Channel | '';
  bodyVi: string;
  bodyEn: string;
  active: boolean;
}
type TemplateField = 'code' | 'title' | 'bodyVi' | 'bodyEn';

function validateTemplate(
  f: TemplateForm,
  creating: boolean,
  taken: readonly string[],
): Partial<Record<TemplateField, AdminMessage>> {
  const e: Partial<Record<TemplateField, AdminMessage>> = {};
  if (creating) {
    const c = validateCode(f.code);
    if (c) e.code = c;
    else if (taken.some((x) => x.toLowerCase() === f.code.trim().toLowerCase()))
      e.code = { key: 'admin.err.codeTaken' };
  }
  if (!f.title.trim()) e.title = { key: 'validation.required' };
  if (!f.bodyVi.trim()) e.bodyVi = { key: 'validation.required' };
  for (const k of ['bodyVi', 'bodyEn'] as const) {
    const bad = unknownPlaceholders(f[k]);
    if (bad.length && !e[k])
      e[k] = {
        key: 'admin.tpl.err.placeholder',
        params: { names: bad.map((b) => `{${b}}`).join(', ') },
      };
  }
  return e;
}

/** Example values for the preview, as a citizen would read the text. */
const SAMPLE = { code: 'PA-2026-000123', name: 'Nguyễn Văn An', hotline: '1022' };

/**
 * Reply templates operators insert into answers, and the acknowledgement each message
 * channel sends on receipt (R-CH-11), in Vietnamese and English, with placeholders.
 */
export function TemplatesScreen() {
  const { t } = useAdminI18n();
  const list = useResource(() => api.templates(), 'admin:templates');
  const settings = useResource(api.settings, 'admin:settings');
  const [saved, setSaved] = useState<string | null>(null);
  const editor = useEditorState<EditorState>();

  function section(kind: TemplateKind) {
    const items = (list.data ?? []).filter((x) => x.kind === kind);
    const hid = `tpl-${kind}`;
    return (
      <section className="card" aria-labelledby={hid}>
        <div className="group-head">
          <h2 id={hid}>{t(kind === 'reply' ? 'admin.tpl.replies' : 'admin.tpl.acks')}</h2>
          <button
            type="button"
            className="btn btn-small btn-primary"
            onClick={() => {
              setSaved(null);
              editor.open({ kind, template: null });
            }}
          >
            {t(kind === 'reply' ? 'admin.tpl.addReply' : 'admin.tpl.addAck')}
          </button>
        </div>
        <p className="hint">
          {t(kind === 'reply' ? 'admin.tpl.repliesHint' : 'admin.tpl.acksHint')}
        </p>
        {editor.state?.kind === kind ? (
          <TemplateEditor
            key={editor.state.template?.id ?? 'new'}
            state={editor.state}
            taken={(list.data ?? []).map((x) => x.code)}
            onCancel={editor.close}
            onSaved={(text) => {
              setSaved(text);
              editor.close();
              list.reload();
              invalidateCached('templates');
            }}
          />
        ) : null}
        {items.length === 0 ? (
          <p className="muted">{t('admin.tpl.none')}</p>
        ) : (
          <ul className="cards">
            {items.map((x) => (
              <li key={x.id} className={`tpl${x.active ? '' : ' is-off'}`} data-template={x.code}>
                <div className="rule-head">
                  <h3>{x.title}</h3>
                  <span className="code">{x.code}</span>
                  {kind === 'acknowledgement' ? (
                    <span className="badge badge-soft">
                      {x.channel
                        ? t(`channel.${channelKey(x.channel)}`)
                        : t('admin.tpl.allChannels')}
                    </span>
                  ) : null}
                  {x.active ? null : <span className="badge badge-off">{t('admin.tpl.off')}</span>}
                </div>
                <p className="prose">{x.bodyVi}</p>
                {x.bodyEn ? (
                  <p className="prose muted" lang="en">
                    {x.bodyEn}
                  </p>
                ) : null}
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={t('admin.editNamed', { name: x.title })}
                  onClick={() => {
                    setSaved(null);
                    editor.open({ kind, template: x });
                  }}
                >
                  {t('admin.edit')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }

  return (
    <Page title={t('admin.tpl.title')}>
      <p className="muted page-intro">{t('admin.tpl.intro')}</p>
      <Saved text={saved} />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {!list.data ? (
        list.error ? null : (
          <Loading />
        )
      ) : (
        <>
          {settings.data ? (
            <HotlineSetting settings={settings.data} onSaved={settings.reload} />
          ) : null}
          {section('acknowledgement')}
          {section('reply')}
        </>
      )}
    </Page>
  );
}

/** The number `{hotline}` writes in messages (tenant settings). */
function HotlineSetting({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { t } = useAdminI18n();
  const write = useWrite();
  const [hotline, setHotline] = useState(settings.hotline);
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | null>(null);
  async function save() {
    setSaved(null);
    const v = hotline.trim();
    if (!HOTLINE.test(v)) return setError(t('admin.hotline.err'));
    setError(undefined);
    if (await write.run(() => adminApi.updateSettings({ hotline: v }))) {
      setSaved(t('admin.hotline.saved'));
      onSaved();
    }
  }
  return (
    <SettingsForm
      id="hotline-title"
      title={t('admin.hotline.title')}
      write={write}
      saved={saved}
      onSave={() => void save()}
    >
      <TextField
        label={t('admin.hotline.label')}
        inputMode="tel"
        value={hotline}
        onChange={(e) => setHotline(e.target.value)}
        error={error}
        hint={t('admin.hotline.hint')}
      />
    </SettingsForm>
  );
}

/** As the server's settings schema accepts it: "1022", "0236 1022", "0236.3822.123". */
const HOTLINE = /^[0-9+][0-9 .]{1,18}[0-9]$/;

function TemplateEditor({
  state,
  taken,
  onCancel,
  onSaved,
}: {
  state: EditorState;
  taken: readonly string[];
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const tpl = state.template;
  const [form, setForm] = useState<TemplateForm>(() => ({
    code: tpl?.code ?? '',
    title: tpl?.title ?? '',
    channel: (tpl?.channel as Channel | null) ?? '',
    bodyVi: tpl?.bodyVi ?? '',
    bodyEn: tpl?.bodyEn ?? '',
    active: tpl?.active ?? true,
  }));
  // After a first attempt, mistakes are re-checked as the form changes: fixed ones vanish.
  const [tried, setTried] = useState(false);
  const errors = tried ? validateTemplate(form, !tpl, taken) : {};
  const set = <K extends keyof TemplateForm>(k: K, v: TemplateForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const sample = { ...SAMPLE, date: formatDate(new Date(), 'vi') };
  const issuesOf = useIssues();
  const labels: Partial<Record<TemplateField, string>> = {
    title: t('admin.tpl.titleLabel'),
    code: t('admin.code'),
    bodyVi: t('admin.tpl.bodyVi'),
    bodyEn: t('admin.tpl.bodyEn'),
  };

  async function submit() {
    setTried(true);
    const found = validateTemplate(form, !tpl, taken);
    if (focusFirst(issuesOf(found, labels, 'te-'))) return;
    const channel = state.kind === 'acknowledgement' && form.channel ? form.channel : null;
    if (!tpl) {
      const r = await write.run(() =>
        adminApi.createTemplate({
          kind: state.kind,
          code: form.code.trim(),
          title: form.title.trim(),
          channel,
          bodyVi: form.bodyVi.trim(),
          bodyEn: form.bodyEn.trim(),
          active: form.active,
        }),
      );
      if (r) onSaved(t('admin.tpl.created', { name: r.title }));
      return;
    }
    const patch: TemplatePatch = {
      ...(form.title.trim() !== tpl.title && { title: form.title.trim() }),
      ...(channel !== tpl.channel && { channel }),
      ...(form.bodyVi.trim() !== tpl.bodyVi && { bodyVi: form.bodyVi.trim() }),
      ...(form.bodyEn.trim() !== tpl.bodyEn && { bodyEn: form.bodyEn.trim() }),
      ...(form.active !== tpl.active && { active: form.active }),
    };
    if (Object.keys(patch).length === 0) return onCancel();
    const r = await write.run(() => adminApi.updateTemplate(tpl.id, patch));
    if (r) onSaved(t('admin.tpl.updated', { name: r.title }));
  }

  const isAck = state.kind === 'acknowledgement';
  return (
    <Editor
      id="template-editor"
      title={
        tpl
          ? t('admin.tpl.editTitle', { name: tpl.title })
          : t(isAck ? 'admin.tpl.addAck' : 'admin.tpl.addReply')
      }
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      issues={issuesOf(errors, labels, 'te-')}
      submitLabel={t(tpl ? 'admin.save' : 'admin.tpl.createSubmit')}
    >
      <div className="grid-2">
        <TextField
          id="te-title"
          label={t('admin.tpl.titleLabel')}
          required
          value={form.title}
          onChange={(e) => set('title', e.target.value)}
          error={msg(errors.title)}
        />
        <TextField
          id="te-code"
          label={t('admin.code')}
          required={!tpl}
          disabled={Boolean(tpl)}
          spellCheck={false}
          value={form.code}
          onChange={(e) => set('code', e.target.value)}
          error={msg(errors.code)}
        />
        {isAck ? (
          <SelectField
            id="te-channel"
            label={t('admin.tpl.channel')}
            value={form.channel}
            onChange={(e) => set('channel', e.target.value as Channel | '')}
            hint={t('admin.tpl.channelHint')}
          >
            <option value="">{t('admin.tpl.allChannels')}</option>
            {MESSAGE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${channelKey(c)}`)}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      <p className="hint">
        {t('admin.tpl.placeholders', { list: PLACEHOLDERS.map((p) => `{${p}}`).join(' ') })}
      </p>
      <TextArea
        id="te-bodyVi"
        label={t('admin.tpl.bodyVi')}
        required
        rows={4}
        value={form.bodyVi}
        onChange={(e) => set('bodyVi', e.target.value)}
        error={msg(errors.bodyVi)}
      />
      <TextArea
        id="te-bodyEn"
        label={t('admin.tpl.bodyEn')}
        lang="en"
        rows={3}
        value={form.bodyEn}
        onChange={(e) => set('bodyEn', e.target.value)}
        error={msg(errors.bodyEn)}
      />
      {form.bodyVi.trim() ? (
        <div className="tpl-preview">
          <span className="label-like">{t('admin.tpl.preview')}</span>
          <p className="prose" aria-live="polite">
            {renderTemplate(lang === 'en' && form.bodyEn ? form.bodyEn : form.bodyVi, sample)}
          </p>
        </div>
      ) : null}
      <Checkbox
        label={t('admin.tpl.active')}
        hint={isAck ? t('admin.tpl.activeAckHint') : undefined}
        checked={form.active}
        onChange={(e) => set('active', e.target.checked)}
      />
    </Editor>
  );
}
