import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { adminApi } from './api.ts';
import { invalidateCached, useResource } from '../../api/hooks.tsx';
import type { Agency, AgencyBody, AgencyKind, AgencyPatch, User } from '../../api/types.ts';
import { Page } from '../../app/Page.tsx';
import { Link } from '../../app/router.tsx';
import { adminPath } from '../../app/routes.ts';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { agencyName } from '../names.ts';
import {
  buildTree,
  filterTree,
  missingStaff,
  staffOf,
  subtreeIds,
  type AgencyNode,
} from './agency-tree.ts';
import { validateCode } from './fields.ts';
import { useAdminI18n, type AdminKey, type AdminMessage } from './i18n.ts';
import { Editor, focusFirst, Saved, useEditorState, useIssues, useMsg, useWrite } from './ui.tsx';
import { AgencyOptions } from './Users.tsx';

const KINDS: readonly AgencyKind[] = [
  'department',
  'committee',
  'vertical',
  'service_provider',
  'subunit',
  'coordinator',
  'hotline',
];
const KIND_KEY: Record<AgencyKind, AdminKey> = {
  department: 'admin.kind.department',
  committee: 'admin.kind.committee',
  vertical: 'admin.kind.vertical',
  service_provider: 'admin.kind.service_provider',
  subunit: 'admin.kind.subunit',
  coordinator: 'admin.kind.coordinator',
  hotline: 'admin.kind.hotline',
};

type EditorState = { mode: 'create'; parentId: string | null } | { mode: 'edit'; agency: Agency };

interface AgencyForm {
  code: string;
  name: string;
  nameEn: string;
  kind: AgencyKind;
  parentId: string;
  phone: string;
  email: string;
  requiresApproval: boolean;
  calendarId: string;
  active: boolean;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validateAgency(f: AgencyForm): Partial<Record<keyof AgencyForm, AdminMessage>> {
  const e: Partial<Record<keyof AgencyForm, AdminMessage>> = {};
  const c = validateCode(f.code);
  if (c) e.code = c;
  if (!f.name.trim()) e.name = { key: 'validation.required' };
  if (f.email.trim() && !EMAIL.test(f.email.trim())) e.email = { key: 'validation.email' };
  if (f.kind === 'subunit' && !f.parentId) e.parentId = { key: 'admin.agencies.err.subunit' };
  return e;
}

function bodyOf(f: AgencyForm): AgencyBody {
  return {
    code: f.code.trim(),
    name: f.name.trim(),
    nameEn: f.nameEn.trim(),
    kind: f.kind,
    parentId: f.parentId || null,
    phone: orNull(f.phone),
    email: orNull(f.email),
    requiresApproval: f.requiresApproval,
  };
}

function patchOf(a: Agency, f: AgencyForm): AgencyPatch {
  const b = bodyOf(f);
  const p: AgencyPatch = {};
  for (const k of Object.keys(b) as (keyof AgencyBody)[]) {
    if (b[k] !== a[k]) (p as Record<string, unknown>)[k] = b[k];
  }
  const cal = f.calendarId || null;
  if (cal !== a.calendarId) p.calendarId = cal;
  if (f.active !== a.active) p.active = f.active;
  return p;
}

/**
 * Agencies as a tree with the people who answer for them (R-SC-2, R-AG-2): focal points,
 * heads and deputies; whether answers need the head's approval (R-WF-11); office hours of
 * their own (R-SLA-4).
 */
export function AgenciesScreen() {
  const { t } = useAdminI18n();
  const agencies = useResource(api.agencies, 'admin:agencies');
  const users = useResource(adminApi.users, 'admin:users');
  const calendars = useResource(api.calendars, 'admin:calendars');
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const editor = useEditorState<EditorState>();
  const tree = useMemo(() => buildTree(agencies.data ?? []), [agencies.data]);
  const shown = filterTree(tree, text);

  const add = (
    <button
      type="button"
      className="btn btn-primary"
      onClick={() => {
        setSaved(null);
        editor.open({ mode: 'create', parentId: null });
      }}
    >
      {t('admin.agencies.add')}
    </button>
  );

  return (
    <Page title={t('admin.agencies.title')} actions={add}>
      <p className="muted page-intro">{t('admin.agencies.intro')}</p>
      <Saved text={saved} />
      {editor.state ? (
        <AgencyEditor
          key={
            editor.state.mode === 'edit' ? editor.state.agency.id : `new-${editor.state.parentId}`
          }
          state={editor.state}
          agencies={agencies.data ?? []}
          calendars={calendars.data ?? []}
          onCancel={editor.close}
          onSaved={(msg) => {
            setSaved(msg);
            editor.close();
            agencies.reload();
            invalidateCached('agencies');
          }}
        />
      ) : null}
      <div className="filters" role="search" aria-label={t('admin.agencies.filter')}>
        <TextField
          label={t('admin.agencies.search')}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <ErrorAlert error={agencies.error ?? users.error} onRetry={agencies.reload} />
      {!agencies.data || !users.data ? (
        <Loading />
      ) : shown.length === 0 ? (
        <p className="muted empty">{t('admin.agencies.none')}</p>
      ) : (
        <ul className="tree" aria-label={t('admin.agencies.tree')}>
          {shown.map((n) => (
            <AgencyItem
              key={n.agency.id}
              node={n}
              users={users.data ?? []}
              calendarName={(id) => calendars.data?.find((c) => c.id === id)?.name ?? ''}
              onEdit={(a) => {
                setSaved(null);
                editor.open({ mode: 'edit', agency: a });
              }}
              onAddChild={(a) => {
                setSaved(null);
                editor.open({ mode: 'create', parentId: a.id });
              }}
            />
          ))}
        </ul>
      )}
    </Page>
  );
}

function People({ list }: { list: readonly User[] }) {
  return (
    <>
      {list.map((u, i) => (
        <span key={u.id}>
          {i > 0 ? ', ' : ''}
          {u.displayName}
          {u.title ? <span className="muted">{` (${u.title})`}</span> : null}
        </span>
      ))}
    </>
  );
}

function AgencyItem({
  node,
  users,
  calendarName,
  onEdit,
  onAddChild,
}: {
  node: AgencyNode;
  users: readonly User[];
  calendarName: (id: string) => string;
  onEdit: (a: Agency) => void;
  onAddChild: (a: Agency) => void;
}) {
  const { t, lang } = useAdminI18n();
  const a = node.agency;
  const staff = staffOf(users, a.id);
  const missing = missingStaff(a, staff);
  const headingId = `ag-${a.id}`;
  // Heading levels follow the tree, so screen-reader users can move level by level.
  const H = `h${Math.min(2 + node.depth, 6)}` as 'h2';
  const addStaff = (role: 'focal_point' | 'agency_head') =>
    `${adminPath('users')}?new=1&role=${role}&agency=${encodeURIComponent(a.id)}`;
  return (
    <li>
      <section
        className={`tree-node${a.active ? '' : ' is-off'}`}
        aria-labelledby={headingId}
        data-agency={a.code}
      >
        <div className="tree-head">
          <H id={headingId} className="tree-name">
            {agencyName(a, lang)}
          </H>
          <span className="code">{a.code}</span>
          <span className="badge badge-soft">{t(KIND_KEY[a.kind])}</span>
          {a.requiresApproval ? (
            <span className="badge badge-warn">{t('admin.agencies.approval')}</span>
          ) : null}
          {a.calendarId ? (
            <span className="badge badge-info">
              {t('admin.agencies.ownCalendar', { name: calendarName(a.calendarId) })}
            </span>
          ) : null}
          {a.active ? null : <span className="badge badge-off">{t('admin.inactive')}</span>}
        </div>
        <dl className="staff">
          <dt>{t('role.focal_point')}</dt>
          <dd>{staff.focalPoints.length ? <People list={staff.focalPoints} /> : <NoOne />}</dd>
          <dt>{t('role.agency_head')}</dt>
          <dd>{staff.heads.length ? <People list={staff.heads} /> : <NoOne />}</dd>
          {staff.deputies.length ? (
            <>
              <dt>{t('admin.users.deputy')}</dt>
              <dd>
                <People list={staff.deputies} />
              </dd>
            </>
          ) : null}
        </dl>
        {missing.includes('focal_point') ? (
          <p className="warn-line">{t('admin.agencies.missingFocal')}</p>
        ) : null}
        {missing.includes('agency_head') ? (
          <p className="warn-line">{t('admin.agencies.missingHead')}</p>
        ) : null}
        <div className="tree-actions">
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('admin.editNamed', { name: a.name })}
            onClick={() => onEdit(a)}
          >
            {t('admin.edit')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('admin.agencies.addChildOf', { name: a.name })}
            onClick={() => onAddChild(a)}
          >
            {t('admin.agencies.addChild')}
          </button>
          <Link
            className="btn btn-small"
            to={addStaff('focal_point')}
            aria-label={t('admin.agencies.addFocalOf', { name: a.name })}
          >
            {t('admin.agencies.addFocal')}
          </Link>
          <Link
            className="btn btn-small"
            to={addStaff('agency_head')}
            aria-label={t('admin.agencies.addHeadOf', { name: a.name })}
          >
            {t('admin.agencies.addHead')}
          </Link>
        </div>
      </section>
      {node.children.length ? (
        <ul>
          {node.children.map((c) => (
            <AgencyItem
              key={c.agency.id}
              node={c}
              users={users}
              calendarName={calendarName}
              onEdit={onEdit}
              onAddChild={onAddChild}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function NoOne() {
  const { t } = useAdminI18n();
  return <span className="muted">{t('admin.agencies.noOne')}</span>;
}

function AgencyEditor({
  state,
  agencies,
  calendars,
  onCancel,
  onSaved,
}: {
  state: EditorState;
  agencies: readonly Agency[];
  calendars: readonly { id: string; name: string; isDefault: boolean }[];
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const [form, setForm] = useState<AgencyForm>(() => {
    if (state.mode === 'edit') {
      const a = state.agency;
      return {
        code: a.code,
        name: a.name,
        nameEn: a.nameEn,
        kind: a.kind,
        parentId: a.parentId ?? '',
        phone: a.phone ?? '',
        email: a.email ?? '',
        requiresApproval: a.requiresApproval,
        calendarId: a.calendarId ?? '',
        active: a.active,
      };
    }
    return {
      code: '',
      name: '',
      nameEn: '',
      kind: state.parentId ? 'subunit' : 'department',
      parentId: state.parentId ?? '',
      phone: '',
      email: '',
      requiresApproval: false,
      calendarId: '',
      active: true,
    };
  });
  // After a first attempt, mistakes are re-checked as the form changes: fixed ones vanish.
  const [tried, setTried] = useState(false);
  const errors = tried ? validateAgency(form) : {};
  const set = <K extends keyof AgencyForm>(k: K, v: AgencyForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  // An agency cannot sit under itself or under one of its own sub-units.
  const excluded =
    state.mode === 'edit' ? subtreeIds(agencies, state.agency.id) : new Set<string>();
  const parents = agencies.filter((a) => !excluded.has(a.id));
  const issuesOf = useIssues();
  const labels: Partial<Record<keyof AgencyForm, string>> = {
    name: t('admin.agencies.name'),
    code: t('admin.code'),
    parentId: t('admin.agencies.parent'),
    email: t('newTicket.email'),
  };

  async function submit() {
    setTried(true);
    const found = validateAgency(form);
    if (focusFirst(issuesOf(found, labels, 'ae-'))) return;
    if (state.mode === 'create') {
      const created = await write.run(async () => {
        const a = await adminApi.createAgency(bodyOf(form));
        // A new agency can only get a calendar of its own in a second step.
        if (form.calendarId) await adminApi.updateAgency(a.id, { calendarId: form.calendarId });
        return a;
      });
      if (created) onSaved(t('admin.agencies.created', { name: created.name }));
    } else {
      const patch = patchOf(state.agency, form);
      if (Object.keys(patch).length === 0) return onCancel();
      const r = await write.run(() => adminApi.updateAgency(state.agency.id, patch));
      if (r) onSaved(t('admin.agencies.updated', { name: r.name }));
    }
  }

  return (
    <Editor
      id="agency-editor"
      title={
        state.mode === 'edit'
          ? t('admin.agencies.editTitle', { name: state.agency.name })
          : t('admin.agencies.createTitle')
      }
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      issues={issuesOf(errors, labels, 'ae-')}
      submitLabel={t(state.mode === 'create' ? 'admin.agencies.createSubmit' : 'admin.save')}
    >
      <div className="grid-2">
        <TextField
          id="ae-name"
          label={t('admin.agencies.name')}
          required
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          error={msg(errors.name)}
        />
        <TextField
          id="ae-nameEn"
          label={t('admin.nameEn')}
          lang="en"
          value={form.nameEn}
          onChange={(e) => set('nameEn', e.target.value)}
        />
        <TextField
          id="ae-code"
          label={t('admin.code')}
          required
          spellCheck={false}
          value={form.code}
          onChange={(e) => set('code', e.target.value)}
          error={msg(errors.code)}
          hint={t('admin.agencies.codeHint')}
        />
        <SelectField
          id="ae-kind"
          label={t('admin.agencies.kind')}
          value={form.kind}
          onChange={(e) => set('kind', e.target.value as AgencyKind)}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(KIND_KEY[k])}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="ae-parentId"
          label={t('admin.agencies.parent')}
          value={form.parentId}
          onChange={(e) => set('parentId', e.target.value)}
          error={msg(errors.parentId)}
        >
          <option value="">{t('admin.agencies.noParent')}</option>
          <AgencyOptions agencies={parents} lang={lang} />
        </SelectField>
        <SelectField
          id="ae-calendarId"
          label={t('admin.agencies.calendar')}
          value={form.calendarId}
          onChange={(e) => set('calendarId', e.target.value)}
          hint={t('admin.agencies.calendarHint')}
        >
          <option value="">{t('admin.agencies.defaultCalendar')}</option>
          {calendars
            .filter((c) => !c.isDefault)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
        </SelectField>
        <TextField
          id="ae-phone"
          label={t('newTicket.phone')}
          type="tel"
          value={form.phone}
          onChange={(e) => set('phone', e.target.value)}
        />
        <TextField
          id="ae-email"
          label={t('newTicket.email')}
          type="email"
          value={form.email}
          onChange={(e) => set('email', e.target.value)}
          error={msg(errors.email)}
        />
      </div>
      <Checkbox
        label={t('admin.agencies.requiresApproval')}
        hint={t('admin.agencies.requiresApprovalHint')}
        checked={form.requiresApproval}
        onChange={(e) => set('requiresApproval', e.target.checked)}
      />
      {state.mode === 'edit' ? (
        <Checkbox
          label={t('admin.agencies.activeLabel')}
          hint={t('admin.agencies.activeHint')}
          checked={form.active}
          onChange={(e) => set('active', e.target.checked)}
        />
      ) : null}
    </Editor>
  );
}
