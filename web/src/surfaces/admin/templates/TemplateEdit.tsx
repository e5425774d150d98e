import { useMemo } from 'react';
import { useWatch, type Resolver } from 'react-hook-form';
import type { Channel } from '../../../../../src/contract/enums.ts';
import type { MessageTemplate, TemplateKind } from '../../../../../src/contract/template.ts';
import {
  templateBody,
  templatePatch,
  type TemplateBody,
  type TemplateBodyInput,
  type TemplatePatch,
} from '../../../../../src/contract/template.ts';
import {
  MESSAGE_CHANNELS,
  PLACEHOLDERS,
  renderTemplate,
  unknownPlaceholders,
} from '../../../../../src/core/template/render.ts';
import { formatDate } from '../../../i18n/format.ts';
import { ResourceForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import {
  CheckboxInput,
  SelectInput,
  TextAreaInput,
  TextInput,
} from '../../../ui/resource/inputs.tsx';
import { contractResolver, type IssueOverrides } from '../../../ui/resource/resolvers.ts';
import { channelKey } from '../../ticket/TicketRows.tsx';
import { adminApi } from '../api.ts';
import { useAdminI18n, useMsg, type AdminMessage } from '../i18n.ts';

export interface TemplateEditorState {
  kind: TemplateKind;
  template: MessageTemplate | null;
}

/** What the contract's schemas resolve the form to: a new template, or a patch. */
type Saved = TemplateBody | TemplatePatch;

/** Example values for the preview, as a citizen would read the text. */
const SAMPLE = { code: 'PA-2026-000123', name: 'Nguyễn Văn An', hotline: '1022' };

const placeholderError =
  (field: 'bodyVi' | 'bodyEn') =>
  (v: TemplateBodyInput): AdminMessage => ({
    key: 'admin.tpl.err.placeholder',
    params: {
      names: unknownPlaceholders(v[field] ?? '')
        .map((b) => `{${b}}`)
        .join(', '),
    },
  });

/** What the contract's zod issues mean on this form, in the administrator's words. */
const OVERRIDES: IssueOverrides<TemplateBodyInput, AdminMessage> = {
  code: { invalid_format: { key: 'admin.err.code' }, custom: { key: 'admin.err.codeTaken' } },
  bodyVi: { custom: placeholderError('bodyVi') },
  bodyEn: { custom: placeholderError('bodyEn') },
};

/**
 * A reply template or an acknowledgement text, checked by the contract's own schemas
 * (templateBody, templatePatch): what this form accepts, the server accepts.
 */
export function TemplateEdit({
  state,
  taken,
  onCancel,
  onSaved,
}: {
  state: TemplateEditorState;
  taken: readonly string[];
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const tpl = state.template;
  const resolver = useMemo(() => {
    if (tpl)
      return contractResolver<TemplateBodyInput, typeof templatePatch, AdminMessage>(
        templatePatch,
        msg,
        OVERRIDES,
      ) as Resolver<TemplateBodyInput, unknown, Saved>;
    const unique = templateBody.refine(
      (b) => !taken.some((x) => x.toLowerCase() === b.code.trim().toLowerCase()),
      { path: ['code'], when: () => true },
    );
    return contractResolver<TemplateBodyInput, typeof unique, AdminMessage>(
      unique,
      msg,
      OVERRIDES,
    ) as Resolver<TemplateBodyInput, unknown, Saved>;
  }, [tpl, taken, msg]);
  const form = useResourceForm<TemplateBodyInput, Saved>({
    defaultValues: {
      kind: state.kind,
      code: tpl?.code ?? '',
      title: tpl?.title ?? '',
      channel: tpl?.channel ?? null,
      bodyVi: tpl?.bodyVi ?? '',
      bodyEn: tpl?.bodyEn ?? '',
      active: tpl?.active ?? true,
    },
    resolver,
  });
  const [bodyVi, bodyEn] = useWatch({ control: form.control, name: ['bodyVi', 'bodyEn'] });
  const sample = { ...SAMPLE, date: formatDate(new Date(), 'vi') };
  const isAck = state.kind === 'acknowledgement';

  // The resolved values: the contract's output (trimmed, defaults applied).
  async function submit(v: Saved) {
    const channel = isAck && v.channel ? v.channel : null;
    if (!tpl) {
      const b = v as TemplateBody;
      const r = await write.run(() => adminApi.createTemplate({ ...b, kind: state.kind, channel }));
      if (r) onSaved(t('admin.tpl.created', { name: r.title }));
      return;
    }
    const p = v as TemplatePatch;
    const patch: TemplatePatch = {
      ...(p.title !== tpl.title && { title: p.title }),
      ...(channel !== tpl.channel && { channel }),
      ...(p.bodyVi !== tpl.bodyVi && { bodyVi: p.bodyVi }),
      ...(p.bodyEn !== tpl.bodyEn && { bodyEn: p.bodyEn }),
      ...(p.active !== tpl.active && { active: p.active }),
    };
    if (Object.keys(patch).length === 0) return onCancel();
    const r = await write.run(() => adminApi.updateTemplate(tpl.id, patch));
    if (r) onSaved(t('admin.tpl.updated', { name: r.title }));
  }

  return (
    <ResourceForm
      form={form}
      id="template-editor"
      idPrefix="te-"
      labels={{
        title: t('admin.tpl.titleLabel'),
        code: t('admin.code'),
        channel: t('admin.tpl.channel'),
        bodyVi: t('admin.tpl.bodyVi'),
        bodyEn: t('admin.tpl.bodyEn'),
        active: t('admin.tpl.active'),
      }}
      title={
        tpl
          ? t('admin.tpl.editTitle', { name: tpl.title })
          : t(isAck ? 'admin.tpl.addAck' : 'admin.tpl.addReply')
      }
      onSubmit={submit}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      submitLabel={t(tpl ? 'admin.save' : 'admin.tpl.createSubmit')}
    >
      <div className="grid-2">
        <TextInput<TemplateBodyInput> source="title" required />
        <TextInput<TemplateBodyInput>
          source="code"
          required={!tpl}
          disabled={Boolean(tpl)}
          spellCheck={false}
        />
        {isAck ? (
          <SelectInput<TemplateBodyInput>
            source="channel"
            emptyAsNull
            hint={t('admin.tpl.channelHint')}
          >
            <option value="">{t('admin.tpl.allChannels')}</option>
            {MESSAGE_CHANNELS.map((c: Channel) => (
              <option key={c} value={c}>
                {t(`channel.${channelKey(c)}`)}
              </option>
            ))}
          </SelectInput>
        ) : null}
      </div>
      <p className="hint">
        {t('admin.tpl.placeholders', { list: PLACEHOLDERS.map((p) => `{${p}}`).join(' ') })}
      </p>
      <TextAreaInput<TemplateBodyInput> source="bodyVi" required rows={4} />
      <TextAreaInput<TemplateBodyInput> source="bodyEn" lang="en" rows={3} />
      {bodyVi?.trim() ? (
        <div className="tpl-preview">
          <span className="label-like">{t('admin.tpl.preview')}</span>
          <p className="prose" aria-live="polite">
            {renderTemplate(lang === 'en' && bodyEn ? bodyEn : bodyVi, sample)}
          </p>
        </div>
      ) : null}
      <CheckboxInput<TemplateBodyInput>
        source="active"
        hint={isAck ? t('admin.tpl.activeAckHint') : undefined}
      />
    </ResourceForm>
  );
}
