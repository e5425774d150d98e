import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useResource } from '../../../api/hooks.tsx';
import { SelectField, TextArea } from '../../../ui/fields.tsx';
import { Alert, ErrorAlert, Loading } from '../../../ui/feedback.tsx';
import { ResourceForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import {
  CheckboxInput,
  SelectInput,
  TextAreaInput,
  TextInput,
} from '../../../ui/resource/inputs.tsx';
import { adminApi } from '../api.ts';
import { useAdminI18n, useMsg } from '../i18n.ts';
import {
  flowFromForm,
  formFromFlow,
  issuesByNode,
  locate,
  newNode,
  NODE_TYPES,
  parseNumbers,
  typeOf,
  VOICES,
  type FlowDetail,
  type FlowForm,
  type FormProblems,
  type IvrIssue,
  type NodeType,
} from '../ivr.ts';
import { PromptTools } from './PromptTools.tsx';
import { usePreview } from './usePreview.ts';

const VOICE_KEY = {
  vi: 'admin.ivr.voice.north',
  'vi-vn-x-central': 'admin.ivr.voice.central',
  'vi-vn-x-south': 'admin.ivr.voice.south',
} as const;

/** A new flow, or a saved one loaded at its current version. */
export function FlowEdit({
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
      <FlowFormEditor
        initial={null}
        onCancel={onCancel}
        onReload={() => undefined}
        onSaved={(f) => onSaved(t('admin.ivr.created', { name: f.name }), f.id)}
      />
    );
  return <SavedFlowEdit flowId={flowId} onCancel={onCancel} onSaved={onSaved} />;
}

function SavedFlowEdit({
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
    <FlowFormEditor
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

/**
 * The flow as a form: name, voice, numbers, start node and one JSON box per node, bound by
 * source; the server's problems (and the saved version's warnings) at the node they are about.
 */
function FlowFormEditor({
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
  const form = useResourceForm<FlowForm>({ defaultValues: formFromFlow(initial) });
  const [voice, nodes, start] = useWatch({
    control: form.control,
    name: ['voice', 'nodes', 'start'],
  });
  const [problems, setProblems] = useState<FormProblems>({});
  const [flowId, setFlowId] = useState(initial?.id ?? null);
  const [current, setCurrent] = useState<FlowDetail | null>(initial);
  const [typeToAdd, setTypeToAdd] = useState<NodeType>('message');
  const [sample, setSample] = useState('');

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

  async function save(values: FlowForm) {
    const built = flowFromForm(values);
    if (!built.flow) {
      setProblems(built.problems);
      return;
    }
    setProblems({});
    const body = {
      flow: built.flow,
      numbers: parseNumbers(values.numbers),
      isDefault: values.isDefault,
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

  const nodeIds = nodes.map((n) => n.id.trim());
  return (
    <ResourceForm
      form={form}
      id="ivr-editor"
      idPrefix="ivr-"
      className="ivr-editor"
      labels={{
        name: t('admin.ivr.name'),
        voice: t('admin.ivr.voice'),
        numbers: t('admin.ivr.numbers'),
        start: t('admin.ivr.start'),
        isDefault: t('admin.ivr.isDefault'),
      }}
      title={
        initial ? t('admin.ivr.editTitle', { name: initial.name }) : t('admin.ivr.createTitle')
      }
      onSubmit={save}
      onCancel={onCancel}
      busy={write.busy}
      busyLabel={t('admin.ivr.rendering')}
      error={write.error}
      submitLabel={t('admin.save')}
      before={
        <>
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
        </>
      }
    >
      <div className="grid-2">
        <TextInput<FlowForm>
          source="name"
          required
          error={msg(problems.name) ?? fieldIssue('name')}
        />
        <SelectInput<FlowForm> source="voice">
          {VOICES.map((v) => (
            <option key={v} value={v}>
              {t(VOICE_KEY[v])}
            </option>
          ))}
        </SelectInput>
        <TextInput<FlowForm>
          source="numbers"
          hint={t('admin.ivr.numbersHint')}
          error={fieldIssue('numbers')}
        />
        <SelectInput<FlowForm> source="start" error={fieldIssue('start')}>
          {[...new Set([start, ...nodeIds])].filter(Boolean).map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </SelectInput>
      </div>
      <CheckboxInput<FlowForm> source="isDefault" hint={t('admin.ivr.isDefaultHint')} />

      <h3>{t('admin.ivr.nodes')}</h3>
      <p className="hint">{t('admin.ivr.nodesHint')}</p>
      <ol className="ivr-nodes">
        {nodes.map((n, i) => {
          const issues = byNode.get(n.id.trim()) ?? [];
          const local = msg(problems[`node:${n.key}`]);
          const type = typeOf(n.json);
          return (
            <li key={n.key} className="ivr-node" data-node={n.id}>
              <div className="ivr-node-head">
                <TextInput<FlowForm>
                  source={`nodes.${i}.id`}
                  id={`ivr-node-${n.key}`}
                  label={t('admin.ivr.nodeId')}
                  spellCheck={false}
                />
                <span className="badge badge-soft">{type ?? '?'}</span>
                <button
                  type="button"
                  className="btn btn-small btn-danger-outline"
                  aria-label={t('admin.ivr.removeNode', { id: n.id })}
                  onClick={() =>
                    form.setValue(
                      'nodes',
                      form.getValues('nodes').filter((x) => x.key !== n.key),
                      { shouldDirty: true },
                    )
                  }
                >
                  {t('admin.ivr.remove')}
                </button>
              </div>
              <TextAreaInput<FlowForm>
                source={`nodes.${i}.json`}
                id={`ivr-json-${n.key}`}
                label={t('admin.ivr.nodeJson', { id: n.id })}
                className="mono"
                spellCheck={false}
                rows={Math.min(16, n.json.split('\n').length + 1)}
                error={
                  local ??
                  (issues.length
                    ? issues
                        .map((issue) => {
                          const f = locate(issue.path).field;
                          return f ? `${f}: ${text(issue)}` : text(issue);
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
                onListen={(s) => void preview.play(s, voice)}
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
          onClick={() =>
            form.setValue('nodes', [...form.getValues('nodes'), newNode(typeToAdd, nodeIds)], {
              shouldDirty: true,
            })
          }
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
          onClick={() => void preview.play(sample.trim(), voice)}
        >
          {t('admin.ivr.listen')}
        </button>
        <ErrorAlert error={preview.error ?? undefined} />
        {preview.url ? (
          <audio controls autoPlay src={preview.url} aria-label={t('admin.ivr.player')} />
        ) : null}
      </section>
    </ResourceForm>
  );
}
