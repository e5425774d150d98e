/**
 * The administration area (R-AD-1): one chunk, loaded only when an administrator opens it.
 * A section menu on the side (on top on a phone) and the section's screen.
 */
import { Link } from '../../app/router.tsx';
import { ADMIN_SECTIONS, adminPath, type AdminSection } from '../../app/routes.ts';
import { useAdminI18n, type AdminKey } from './i18n.ts';
import { UserList } from './users/UserList.tsx';
import { AgencyList } from './agencies/AgencyList.tsx';
import { FieldList } from './fields/FieldList.tsx';
import { RuleList } from './scope-rules/RuleList.tsx';
import { CalendarsScreen } from './calendars/CalendarsScreen.tsx';
import { TemplateList } from './templates/TemplateList.tsx';
import { FlowList } from './ivr/FlowList.tsx';
import './admin.css';

const LABEL: Record<AdminSection, AdminKey> = {
  users: 'admin.section.users',
  agencies: 'admin.section.agencies',
  fields: 'admin.section.fields',
  'scope-rules': 'admin.section.scopeRules',
  calendars: 'admin.section.calendars',
  templates: 'admin.section.templates',
  ivr: 'admin.section.ivr',
};

export default function AdminArea({ section }: { section: AdminSection }) {
  const { t } = useAdminI18n();
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label={t('admin.sections')}>
        <ul>
          {ADMIN_SECTIONS.map((s) => (
            <li key={s}>
              <Link to={adminPath(s)} aria-current={s === section ? 'page' : undefined}>
                {t(LABEL[s])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-body">
        <Section key={section} section={section} />
      </div>
    </div>
  );
}

function Section({ section }: { section: AdminSection }) {
  switch (section) {
    case 'users':
      return <UserList />;
    case 'agencies':
      return <AgencyList />;
    case 'fields':
      return <FieldList />;
    case 'scope-rules':
      return <RuleList />;
    case 'calendars':
      return <CalendarsScreen />;
    case 'templates':
      return <TemplateList />;
    case 'ivr':
      return <FlowList />;
  }
}
