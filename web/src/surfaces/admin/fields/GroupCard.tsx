import type { Agency, Field, FieldGroup } from '../../../../../src/contract/org.ts';
import { DataTable, type Column } from '../../../ui/resource/DataTable.tsx';
import { agencyName, fieldName } from '../../names.ts';
import { useAdminI18n } from '../i18n.ts';
import { FieldEdit } from './FieldEdit.tsx';
import type { GroupSection } from './fields.ts';
import { GroupEdit } from './GroupEdit.tsx';

export type FieldEditorState =
  | { kind: 'group'; number: number; group: FieldGroup | null }
  | { kind: 'field'; number: number; field: Field | null };

/** One subject group: its name, its fields with their default agencies, its open editor. */
export function GroupCard({
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
  editing: FieldEditorState | null;
  onOpen: (s: FieldEditorState) => void;
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
  const columns: Column<Field>[] = [
    {
      id: 'field',
      header: t('admin.fields.field'),
      rowHeader: true,
      cell: (f) => fieldName(f, lang),
    },
    { id: 'code', header: t('admin.code'), className: 'code', cell: (f) => f.code },
    {
      id: 'agency',
      header: t('admin.fields.agency'),
      cell: (f) => {
        const a = f.defaultAgencyId ? byId.get(f.defaultAgencyId) : undefined;
        return a ? (
          agencyName(a, lang)
        ) : (
          <span className="warn-text">{t('admin.fields.noAgency')}</span>
        );
      },
    },
    {
      id: 'status',
      header: t('admin.users.status'),
      cell: (f) => (
        <span className={`badge ${f.active ? 'badge-ok' : 'badge-off'}`}>
          {t(f.active ? 'admin.fields.inUse' : 'admin.fields.notInUse')}
        </span>
      ),
    },
    {
      id: 'actions',
      header: t('admin.actions'),
      className: 'cell-actions',
      cell: (f) => (
        <button
          type="button"
          className="btn btn-small"
          aria-label={t('admin.editNamed', { name: f.name })}
          onClick={() => onOpen({ kind: 'field', number: s.number, field: f })}
        >
          {t('admin.edit')}
        </button>
      ),
    },
  ];
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
        <GroupEdit number={s.number} group={s.group} onCancel={onCancel} onSaved={onSaved} />
      ) : null}
      {editing?.kind === 'field' ? (
        <FieldEdit
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
        <DataTable
          rows={s.fields}
          columns={columns}
          rowKey={(f) => f.id}
          rowProps={(f) => ({ 'data-field': f.code, className: f.active ? '' : 'is-off' })}
          caption={groupName}
        />
      )}
    </section>
  );
}
