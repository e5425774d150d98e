import type { Agency, User } from '../../../../../src/contract/org.ts';
import { Link } from '../../../app/router.tsx';
import { adminPath } from '../../../app/routes.ts';
import { agencyName } from '../../names.ts';
import { useAdminI18n } from '../i18n.ts';
import { KIND_KEY } from './agency-form.ts';
import { missingStaff, staffOf, type AgencyNode } from './agency-tree.ts';

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

function NoOne() {
  const { t } = useAdminI18n();
  return <span className="muted">{t('admin.agencies.noOne')}</span>;
}

/** One agency of the tree with the people who answer for it, then its sub-units. */
export function AgencyTreeItem({
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
            <AgencyTreeItem
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
