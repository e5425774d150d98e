/**
 * The administration area (R-AD-1): one chunk, loaded only when an administrator opens it.
 * A section menu on the side (on top on a phone) and the section's screen.
 */
import { Link } from '../../app/router.tsx';
import { ADMIN_SECTIONS, adminPath, type AdminSection } from '../../app/routes.ts';
import { useAdminI18n, type AdminKey } from './i18n.ts';
import { UsersScreen } from './Users.tsx';
import { AgenciesScreen } from './Agencies.tsx';
import { FieldsScreen } from './Fields.tsx';
import { ScopeRulesScreen } from './ScopeRules.tsx';
import { CalendarsScreen } from './Calendars.tsx';
import { TemplatesScreen } from './Templates.tsx';
import { IvrScreen } from './Ivr.tsx';
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
      return <UsersScreen />;
    case 'agencies':
      return <AgenciesScreen />;
    case 'fields':
      return <FieldsScreen />;
    case 'scope-rules':
      return <ScopeRulesScreen />;
    case 'calendars':
      return <CalendarsScreen />;
    case 'templates':
      return <TemplatesScreen />;
    case 'ivr':
      return <IvrScreen />;
  }
}
