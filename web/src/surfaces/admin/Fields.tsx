import { useState } from 'react';
import { api } from '../../api/client.ts';
import { adminApi } from './api.ts';
import { invalidateCached, useResource } from '../../api/hooks.tsx';
import type { Agency, Field, FieldGroup } from '../../api/types.ts';
import { Page } from '../../app/Page.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { agencyName, fieldName } from '../names.ts';
import {
  groupSections,
  STANDARD_GROUP_NAMES,
  validateField,
  type FieldForm,
  type GroupSection,
} from './fields.ts';
import { useAdminI18n, type AdminMessage } from './i18n.ts';
import { Editor, focusFirst, Saved, useEditorState, useIssues, useMsg, useWrite } from './ui.tsx';
import { AgencyOptions } from './Users.tsx';

type EditorState =
  | { kind: 'group'; number: number; group: FieldGroup | null }
  | { kind: 'field'; number: number; field: Field | null };

/** Fields by subject group (R-SC-1) and the agency each is forwarded to by default (R-SC-2). */
export function FieldsScreen() {
  const { t } = useAdminI18n();
  const data = useResource(api.fields, 'admin:fields');
  const agencies = useResource(api.agencies, 'admin:agencies');
  const [saved, setSaved] = useState<string | null>(null);
  const editor = useEditorState<EditorState>();
  const sections = data.data ? groupSections(data.data.groups, data.data.fields) : [];

  function done(text: string) {
    setSaved(text);
    editor.close();
    data.reload();
    invalidateCached('fields');
  }

  return (
    <Page title={t('admin.fields.title')}>
      <p className="muted page-intro">{t('admin.fields.intro')}</p>
      <Saved text={saved} />
      <ErrorAlert error={data.error ?? agencies.error} onRetry={data.reload} />
      {!data.data || !agencies.data ? (
        <Loading />
      ) : (
        sections.map((s) => (
          <GroupCard
            key={s.number}
            section={s}
            agencies={agencies.data ?? []}
            allCodes={(data.data?.fields ?? []).map((f) => f.code)}
            editing={editor.state?.number === s.number ? editor.state : null}
            onOpen={(st) => {
              setSaved(null);
              editor.open(st);
            }}
            onCancel={editor.close}
            onSaved={done}
          />
        ))
      )}
    </Page>
  );
}

function GroupCard({
  section: s,
  agencies,
  allCodes,
  editing,
  onOpen,
  onCancel,
  onSaved,
}: {
  section: GroupSection;
  agencies: readonly Agency[];
  allCodes: readonly string[];
  editing: EditorState | null;
  onOpen: (s: EditorState) => void;
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const groupName = s.group
    ? lang === 'en' && s.group.nameEn
      ? s.group.nameEn
      : s.group.name
    : t('admin.fields.unnamed');
  const hid = `grp-${s.number}`;
  return (
    <section className="card group" aria-labelledby={hid} data-group={s.number}>
      <div className="group-head">
        <h2 id={hid}>{t('admin.fields.groupTitle', { n: s.number, name: groupName })}</h2>
        <div className="group-actions">
          <button
            type="button"
            className={`btn btn-small${s.group ? '' : ' btn-primary'}`}
            onClick={() => onOpen({ kind: 'group', number: s.number, group: s.group })}
          >
            {t(s.group ? 'admin.fields.rename' : 'admin.fields.name')}
          </button>
          {s.group ? (
            <button
              type="button"
              className="btn btn-small"
              aria-label={t('admin.fields.addTo', { n: s.number })}
              onClick={() => onOpen({ kind: 'field', number: s.number, field: null })}
            >
              {t('admin.fields.add')}
            </button>
          ) : null}
        </div>
      </div>
      {s.unmapped > 0 ? (
        <p className="warn-line">{t('admin.fields.unmapped', { n: s.unmapped })}</p>
      ) : null}
      {editing?.kind === 'group' ? (
        <GroupEditor number={s.number} group={s.group} onCancel={onCancel} onSaved={onSaved} />
      ) : null}
      {editing?.kind === 'field' ? (
        <FieldEditor
          key={editing.field?.id ?? 'new'}
          number={s.number}
          field={editing.field}
          agencies={agencies}
          allCodes={allCodes}
          onCancel={onCancel}
          onSaved={onSaved}
        />
      ) : null}
      {s.fields.length === 0 ? (
        <p className="muted">{t('admin.fields.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{groupName}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.fields.field')}</th>
                <th scope="col">{t('admin.code')}</th>
                <th scope="col">{t('admin.fields.agency')}</th>
                <th scope="col">{t('admin.users.status')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {s.fields.map((f) => {
                const a = f.defaultAgencyId ? byId.get(f.defaultAgencyId) : undefined;
                return (
                  <tr key={f.id} data-field={f.code} className={f.active ? '' : 'is-off'}>
                    <th scope="row">{fieldName(f, lang)}</th>
                    <td className="code">{f.code}</td>
                    <td>
                      {a ? (
                        agencyName(a, lang)
                      ) : (
                        <span className="warn-text">{t('admin.fields.noAgency')}</span>
                      )}
                    </td>
                    <td>
                      <span className={`badge ${f.active ? 'badge-ok' : 'badge-off'}`}>
                        {t(f.active ? 'admin.fields.inUse' : 'admin.fields.notInUse')}
                      </span>
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={t('admin.editNamed', { name: f.name })}
                        onClick={() => onOpen({ kind: 'field', number: s.number, field: f })}
                      >
                        {t('admin.edit')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function GroupEditor({
  number,
  group,
  onCancel,
  onSaved,
}: {
  number: number;
  group: FieldGroup | null;
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  // R-SC-1's names are offered when a group is named the first time.
  const suggested = STANDARD_GROUP_NAMES[number];
  const [name, setName] = useState(group?.name ?? suggested?.vi ?? '');
  const [nameEn, setNameEn] = useState(group?.nameEn ?? suggested?.en ?? '');
  const [error, setError] = useState<AdminMessage | null>(null);
  async function submit() {
    if (!name.trim()) {
      setError({ key: 'validation.required' });
      document.getElementById(`ge-name-${number}`)?.focus();
      return;
    }
    setError(null);
    const r = await write.run(() =>
      adminApi.nameGroup(number, { name: name.trim(), nameEn: nameEn.trim() }),
    );
    if (r) onSaved(t('admin.fields.groupSaved', { n: number }));
  }
  return (
    <Editor
      id={`group-editor-${number}`}
      title={t('admin.fields.groupEditTitle', { n: number })}
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      issues={
        error
          ? [{ id: `ge-name-${number}`, text: `${t('admin.fields.groupName')}: ${msg(error)}` }]
          : []
      }
      submitLabel={t('admin.save')}
    >
      <div className="grid-2">
        <TextField
          id={`ge-name-${number}`}
          label={t('admin.fields.groupName')}
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={msg(error)}
        />
        <TextField
          id={`ge-nameEn-${number}`}
          label={t('admin.nameEn')}
          lang="en"
          value={nameEn}
          onChange={(e) => setNameEn(e.target.value)}
        />
      </div>
    </Editor>
  );
}

function FieldEditor({
  number,
  field,
  agencies,
  allCodes,
  onCancel,
  onSaved,
}: {
  number: number;
  field: Field | null;
  agencies: readonly Agency[];
  allCodes: readonly string[];
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const mode = field ? 'edit' : 'create';
  const [form, setForm] = useState<FieldForm>(() => ({
    code: field?.code ?? '',
    name: field?.name ?? '',
    nameEn: field?.nameEn ?? '',
    defaultAgencyId: field?.defaultAgencyId ?? '',
    active: field?.active ?? true,
  }));
  // After a first attempt, mistakes are re-checked as the form changes: fixed ones vanish.
  const [tried, setTried] = useState(false);
  const errors = tried ? validateField(form, mode, allCodes) : {};
  const set = <K extends keyof FieldForm>(k: K, v: FieldForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const targets = agencies.filter(
    (a) => (a.active && a.kind !== 'hotline') || a.id === field?.defaultAgencyId,
  );
  const prefix = `fe-${number}`;
  const issuesOf = useIssues();
  const labels = { name: t('admin.fields.field'), code: t('admin.code') };

  async function submit() {
    setTried(true);
    const found = validateField(form, mode, allCodes);
    if (focusFirst(issuesOf(found, labels, `${prefix}-`))) return;
    const agency = form.defaultAgencyId || null;
    if (!field) {
      const r = await write.run(() =>
        adminApi.createField({
          code: form.code.trim(),
          name: form.name.trim(),
          nameEn: form.nameEn.trim(),
          groupNumber: number,
          defaultAgencyId: agency,
        }),
      );
      if (r) onSaved(t('admin.fields.created', { name: r.name }));
      return;
    }
    const patch = {
      ...(form.name.trim() !== field.name && { name: form.name.trim() }),
      ...(form.nameEn.trim() !== field.nameEn && { nameEn: form.nameEn.trim() }),
      ...(agency !== field.defaultAgencyId && { defaultAgencyId: agency }),
      ...(form.active !== field.active && { active: form.active }),
    };
    if (Object.keys(patch).length === 0) return onCancel();
    const r = await write.run(() => adminApi.updateField(field.id, patch));
    if (r) onSaved(t('admin.fields.updated', { name: r.name }));
  }

  return (
    <Editor
      id={`field-editor-${number}`}
      title={
        field
          ? t('admin.fields.editTitle', { name: field.name })
          : t('admin.fields.createTitle', { n: number })
      }
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      issues={issuesOf(errors, labels, `${prefix}-`)}
      submitLabel={t(field ? 'admin.save' : 'admin.fields.createSubmit')}
    >
      <div className="grid-2">
        <TextField
          id={`${prefix}-name`}
          label={t('admin.fields.field')}
          required
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          error={msg(errors.name)}
        />
        <TextField
          id={`${prefix}-nameEn`}
          label={t('admin.nameEn')}
          lang="en"
          value={form.nameEn}
          onChange={(e) => set('nameEn', e.target.value)}
        />
        <TextField
          id={`${prefix}-code`}
          label={t('admin.code')}
          required={!field}
          disabled={Boolean(field)}
          spellCheck={false}
          value={form.code}
          onChange={(e) => set('code', e.target.value)}
          error={msg(errors.code)}
        />
        <SelectField
          id={`${prefix}-agency`}
          label={t('admin.fields.agency')}
          value={form.defaultAgencyId}
          onChange={(e) => set('defaultAgencyId', e.target.value)}
          hint={t('admin.fields.agencyHint')}
        >
          <option value="">{t('admin.fields.noAgency')}</option>
          <AgencyOptions agencies={targets} lang={lang} />
        </SelectField>
      </div>
      {field ? (
        <Checkbox
          label={t('admin.fields.activeLabel')}
          hint={t('admin.fields.activeHint')}
          checked={form.active}
          onChange={(e) => set('active', e.target.checked)}
        />
      ) : null}
    </Editor>
  );
}
