import { useState } from 'react';
import { adminApi } from './api.ts';
import { toApiError, useLiveEvent, useResource } from '../../api/hooks.tsx';
import type { ApiError } from '../../api/client.ts';
import { Page } from '../../app/Page.tsx';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/fields.tsx';
import { Alert, ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { useAdminI18n } from './i18n.ts';
import {
  flowFromForm,
  formFromFlow,
  issuesByNode,
  locate,
  newNode,
  NODE_TYPES,
  parseNumbers,
  spokenTexts,
  typeOf,
  VOICES,
  type FlowDetail,
  type FlowForm,
  type FormProblems,
  type IvrIssue,
  type NodeForm,
  type NodeType,
  type PromptInfo,
} from './ivr.ts';
import { ConfirmButton, Saved, useEditorState, useMsg, useWrite } from './ui.tsx';

const VOICE_KEY = {
  vi: 'admin.ivr.voice.north',
  'vi-vn-x-central': 'admin.ivr.voice.central',
  'vi-vn-x-south': 'admin.ivr.voice.south',
} as const;

/**
 * The IVR menus callers hear (R-TEL-2): flows per called number and the default one. Saving
 * renders every prompt on the server first (a prompt that cannot be rendered is not saved);
 * telephony nodes pick up the new version for the next call.
 */
export function IvrScreen() {
  const { t } = useAdminI18n();
  const flows = useResource(adminApi.ivrFlows, 'admin:ivr');
  useLiveEvent('ivr.updated', () => flows.reload());
  const [saved, setSaved] = useState<string | null>(null);
  const editor = useEditorState<{ id: string | null }>();
  const del = useWrite();

  const add = (
    <button
      type="button"
      className="btn btn-primary"
      onClick={() => {
        setSaved(null);
        editor.open({ id: null });
      }}
    >
      {t('admin.ivr.add')}
    </button>
  );

  return (
    <Page title={t('admin.ivr.title')} actions={add}>
      <p className="muted page-intro">{t('admin.ivr.intro')}</p>
      <Saved text={saved} />
      <ErrorAlert error={del.error ?? undefined} />
      {editor.state ? (
        <FlowEditor
          key={editor.state.id ?? 'new'}
          flowId={editor.state.id}
          onCancel={editor.close}
          onSaved={(text, id) => {
            setSaved(text);
            flows.reload();
            // A new flow is edited on as a saved one (recordings can be uploaded now).
            if (editor.state?.id !== id) editor.open({ id });
          }}
        />
      ) : null}
      <ErrorAlert error={flows.error} onRetry={flows.reload} />
      {!flows.data ? (
        flows.error ? null : (
          <Loading />
        )
      ) : flows.data.length === 0 ? (
        <p className="muted empty">{t('admin.ivr.none')}</p>
      ) : (
        <ul className="cards">
          {flows.data.map((f) => (
            <li key={f.id}>
              <section className="card ivr-flow" aria-labelledby={`ivr-${f.id}`}>
                <div className="rule-head">
                  <h2 id={`ivr-${f.id}`}>{f.name}</h2>
                  {f.isDefault ? (
                    <span className="badge badge-soft">{t('admin.ivr.default')}</span>
                  ) : null}
                  <span className="code">{t('admin.ivr.version', { v: f.version })}</span>
                </div>
                <p>
                  {f.numbers.length
                    ? t('admin.ivr.numbersList', { numbers: f.numbers.join(', ') })
                    : t('admin.ivr.noNumbers')}
                </p>
                <p className="muted">
                  {t('admin.ivr.summary', {
                    n: f.nodeCount,
                    at: new Date(f.updatedAt).toLocaleString(),
                    by: f.updatedBy ?? '—',
                  })}
                </p>
                <div className="tree-actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={t('admin.editNamed', { name: f.name })}
                    onClick={() => {
                      setSaved(null);
                      editor.open({ id: f.id });
                    }}
                  >
                    {t('admin.edit')}
                  </button>
                  <ConfirmButton
                    label={t('admin.ivr.delete')}
                    question={t('admin.ivr.deleteQ', { name: f.name })}
                    busy={del.busy}
                    onConfirm={() =>
                      void del
                        .run(() => adminApi.deleteIvrFlow(f.id))
                        .then((r) => {
                          if (r !== undefined) {
                            setSaved(t('admin.ivr.deleted', { name: f.name }));
                            if (editor.state?.id === f.id) editor.close();
                            flows.reload();
                          }
                        })
                    }
                  />
                </div>
              </section>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

/** Plays a text as callers will hear it (rendered by the server, 8 kHz). */
function usePreview() {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function play(text: string, voice: string) {
    setBusy(true);
    setError(null);
    try {
      // A new address each time: the player below starts it (autoPlay) after the click.
      setUrl(await adminApi.ivrPreview(text, voice, Date.now()));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return { url, error, busy, play };
}

function FlowEditor({
  flowId,
  onCancel,
  onSaved,
}: {
  flowId: string | null;
  onCancel: () => void;
  onSaved: (text: string, id: string) => void;
}) {
  const { t } = useAdminI18n();
  if (!flowId)
    return (
      <FlowForm
        initial={null}
        onCancel={onCancel}
        onReload={() => undefined}
        onSaved={(f) => onSaved(t('admin.ivr.created', { name: f.name }), f.id)}
      />
    );
  return <SavedFlowEditor flowId={flowId} onCancel={onCancel} onSaved={onSaved} />;
}

function SavedFlowEditor({
  flowId,
  onCancel,
  onSaved,
}: {
  flowId: string;
  onCancel: () => void;
  onSaved: (text: string, id: string) => void;
}) {
  const detail = useResource(() => adminApi.ivrFlow(flowId), `admin:ivr:${flowId}`);
  const { t } = useAdminI18n();
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  return (
    <FlowForm
      key={`${detail.data.id}@${detail.data.version}`}
      initial={detail.data}
      onCancel={onCancel}
      onReload={detail.reload}
      onSaved={(f) => {
        onSaved(t('admin.ivr.updated', { name: f.name }), f.id);
        detail.reload();
      }}
    />
  );
}

function FlowForm({
  initial,
  onCancel,
  onReload,
  onSaved,
}: {
  initial: FlowDetail | null;
  onCancel: () => void;
  onReload: () => void;
  onSaved: (f: FlowDetail) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const preview = usePreview();
  const [form, setForm] = useState<FlowForm>(() => formFromFlow(initial));
  const [problems, setProblems] = useState<FormProblems>({});
  const [flowId, setFlowId] = useState(initial?.id ?? null);
  const [current, setCurrent] = useState<FlowDetail | null>(initial);
  const [typeToAdd, setTypeToAdd] = useState<NodeType>('message');
  const [sample, setSample] = useState('');
  const set = <K extends keyof FlowForm>(k: K, v: FlowForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const setNode = (key: number, patch: Partial<NodeForm>) =>
    setForm((f) => ({ ...f, nodes: f.nodes.map((n) => (n.key === key ? { ...n, ...patch } : n)) }));

  // The server's problems (and warnings of the saved version), at the node they are about.
  const details = write.error?.details;
  const serverIssues = Array.isArray(details)
    ? (details as IvrIssue[]).filter(
        (d) => typeof d?.path === 'string' && typeof d?.message_vi === 'string',
      )
    : undefined;
  const shown = serverIssues ?? current?.warnings ?? [];
  const { byNode, flow: flowIssues } = issuesByNode(shown);
  const text = (i: IvrIssue) => (lang === 'en' ? i.message_en : i.message_vi);
  const fieldIssue = (field: string) =>
    flowIssues.filter((i) => locate(i.path).field === field).map(text)[0] ?? null;
  const prompts = new Map((current?.prompts ?? []).map((p) => [p.key, p]));

  async function save() {
    const built = flowFromForm(form);
    if (!built.flow) {
      setProblems(built.problems);
      return;
    }
    setProblems({});
    const body = {
      flow: built.flow,
      numbers: parseNumbers(form.numbers),
      isDefault: form.isDefault,
    };
    const r = await write.run(() =>
      flowId && current
        ? adminApi.updateIvrFlow(flowId, { ...body, version: current.version })
        : adminApi.createIvrFlow(body),
    );
    if (r) {
      setFlowId(r.id);
      setCurrent(r);
      onSaved(r);
    }
  }

  async function upload(key: string, file: File) {
    if (!flowId) return;
    const r = await write.run(() => adminApi.uploadIvrPrompt(flowId, key, file));
    if (r) setCurrent(r);
  }
  async function removeRecording(key: string) {
    if (!flowId) return;
    const r = await write.run(() => adminApi.deleteIvrPrompt(flowId, key));
    if (r !== undefined) onReload();
  }

  const nodeIds = form.nodes.map((n) => n.id.trim());
  return (
    <form
      id="ivr-editor"
      className="card editor ivr-editor"
      noValidate
      aria-labelledby="ivr-editor-title"
      aria-busy={write.busy}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
        else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <h2 id="ivr-editor-title">
        {initial ? t('admin.ivr.editTitle', { name: initial.name }) : t('admin.ivr.createTitle')}
      </h2>
      <ErrorAlert error={write.error ?? undefined} />
      {write.error?.code === 'ivr_version_conflict' ? (
        <button type="button" className="btn btn-small" onClick={onReload}>
          {t('admin.ivr.reload')}
        </button>
      ) : null}
      {flowIssues.length && !fieldIssue('name') && !fieldIssue('start') ? (
        <Alert kind={serverIssues ? 'error' : 'warning'}>
          <ul>
            {flowIssues.map((i) => (
              <li key={`${i.code}${i.path}`}>{text(i)}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <div className="grid-2">
        <TextField
          id="ivr-name"
          label={t('admin.ivr.name')}
          required
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          error={msg(problems.name) ?? fieldIssue('name')}
        />
        <SelectField
          id="ivr-voice"
          label={t('admin.ivr.voice')}
          value={form.voice}
          onChange={(e) => set('voice', e.target.value)}
        >
          {VOICES.map((v) => (
            <option key={v} value={v}>
              {t(VOICE_KEY[v])}
            </option>
          ))}
        </SelectField>
        <TextField
          id="ivr-numbers"
          label={t('admin.ivr.numbers')}
          hint={t('admin.ivr.numbersHint')}
          value={form.numbers}
          onChange={(e) => set('numbers', e.target.value)}
          error={fieldIssue('numbers')}
        />
        <SelectField
          id="ivr-start"
          label={t('admin.ivr.start')}
          value={form.start}
          onChange={(e) => set('start', e.target.value)}
          error={fieldIssue('start')}
        >
          {[...new Set([form.start, ...nodeIds])].filter(Boolean).map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </SelectField>
      </div>
      <Checkbox
        id="ivr-default"
        label={t('admin.ivr.isDefault')}
        hint={t('admin.ivr.isDefaultHint')}
        checked={form.isDefault}
        onChange={(e) => set('isDefault', e.target.checked)}
      />

      <h3>{t('admin.ivr.nodes')}</h3>
      <p className="hint">{t('admin.ivr.nodesHint')}</p>
      <ol className="ivr-nodes">
        {form.nodes.map((n) => {
          const issues = byNode.get(n.id.trim()) ?? [];
          const local = msg(problems[`node:${n.key}`]);
          const type = typeOf(n.json);
          return (
            <li key={n.key} className="ivr-node" data-node={n.id}>
              <div className="ivr-node-head">
                <TextField
                  id={`ivr-node-${n.key}`}
                  label={t('admin.ivr.nodeId')}
                  spellCheck={false}
                  value={n.id}
                  onChange={(e) => setNode(n.key, { id: e.target.value })}
                />
                <span className="badge badge-soft">{type ?? '?'}</span>
                <button
                  type="button"
                  className="btn btn-small btn-danger-outline"
                  aria-label={t('admin.ivr.removeNode', { id: n.id })}
                  onClick={() =>
                    setForm((f) => ({ ...f, nodes: f.nodes.filter((x) => x.key !== n.key) }))
                  }
                >
                  {t('admin.ivr.remove')}
                </button>
              </div>
              <TextArea
                id={`ivr-json-${n.key}`}
                label={t('admin.ivr.nodeJson', { id: n.id })}
                className="mono"
                spellCheck={false}
                rows={Math.min(16, n.json.split('\n').length + 1)}
                value={n.json}
                onChange={(e) => setNode(n.key, { json: e.target.value })}
                error={
                  local ??
                  (issues.length
                    ? issues
                        .map((i) => {
                          const f = locate(i.path).field;
                          return f ? `${f}: ${text(i)}` : text(i);
                        })
                        .join(' · ')
                    : null)
                }
              />
              <PromptTools
                node={n}
                prompts={prompts}
                saved={Boolean(flowId)}
                busy={write.busy || preview.busy}
                onListen={(s) => void preview.play(s, form.voice)}
                onUpload={(key, file) => void upload(key, file)}
                onRemove={(key) => void removeRecording(key)}
              />
            </li>
          );
        })}
      </ol>
      <div className="ivr-add">
        <SelectField
          id="ivr-add-type"
          label={t('admin.ivr.nodeType')}
          value={typeToAdd}
          onChange={(e) => setTypeToAdd(e.target.value as NodeType)}
        >
          {NODE_TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {t(`admin.ivr.type.${ty}`)}
            </option>
          ))}
        </SelectField>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => set('nodes', [...form.nodes, newNode(typeToAdd, nodeIds)])}
        >
          {t('admin.ivr.addNode')}
        </button>
      </div>

      <section className="ivr-listen" aria-labelledby="ivr-listen-title">
        <h3 id="ivr-listen-title">{t('admin.ivr.listenTitle')}</h3>
        <TextArea
          id="ivr-sample"
          label={t('admin.ivr.sample')}
          rows={2}
          value={sample}
          onChange={(e) => setSample(e.target.value)}
        />
        <button
          type="button"
          className="btn btn-small"
          disabled={!sample.trim() || preview.busy}
          onClick={() => void preview.play(sample.trim(), form.voice)}
        >
          {t('admin.ivr.listen')}
        </button>
        <ErrorAlert error={preview.error ?? undefined} />
        {preview.url ? (
          <audio controls autoPlay src={preview.url} aria-label={t('admin.ivr.player')} />
        ) : null}
      </section>

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={write.busy}>
          {write.busy ? t('admin.ivr.rendering') : t('admin.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <span className="hint">{t('admin.editorKeys')}</span>
      </div>
    </form>
  );
}

/** "Nghe thử" per spoken text of a node, and its recording (upload / back to speech). */
function PromptTools({
  node,
  prompts,
  saved,
  busy,
  onListen,
  onUpload,
  onRemove,
}: {
  node: NodeForm;
  prompts: Map<string, PromptInfo>;
  saved: boolean;
  busy: boolean;
  onListen: (text: string) => void;
  onUpload: (key: string, file: File) => void;
  onRemove: (key: string) => void;
}) {
  const { t } = useAdminI18n();
  const spoken = spokenTexts(node.json);
  if (spoken.length === 0) return null;
  return (
    <ul className="ivr-prompts">
      {spoken.map(([field, text]) => {
        const key = `${node.id.trim()}.${field}`;
        const info = prompts.get(key);
        return (
          <li key={field}>
            <span className="muted">{field}</span>{' '}
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              aria-label={t('admin.ivr.listenNamed', { key })}
              onClick={() => onListen(text)}
            >
              {t('admin.ivr.listen')}
            </button>{' '}
            {info?.recording ? (
              <>
                <span className="badge badge-soft">
                  {t('admin.ivr.recorded', { s: info.recording.seconds.toFixed(1) })}
                </span>{' '}
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  onClick={() => onRemove(key)}
                >
                  {t('admin.ivr.useSpeech')}
                </button>
              </>
            ) : saved && info ? (
              <label className="btn btn-small ivr-upload">
                {t('admin.ivr.upload')}
                <input
                  type="file"
                  accept="audio/*"
                  className="sr-only"
                  aria-label={t('admin.ivr.uploadNamed', { key })}
                  disabled={busy}
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    if (f) onUpload(key, f);
                    e.target.value = '';
                  }}
                />
              </label>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
