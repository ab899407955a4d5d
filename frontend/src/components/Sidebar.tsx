import { NavLink } from 'react-router-dom';
import { strings } from '../i18n';
import { Icon, type IconName } from './Icon';
import { SyncStatus } from './SyncStatus';

interface NavItem {
  to: string;
  label: string;
  icon: IconName;
}

const primary: NavItem[] = [
  { to: '/discover', label: strings.nav.discover, icon: 'discover' },
  { to: '/installed', label: strings.nav.installed, icon: 'installed' },
  { to: '/admin', label: strings.nav.admin, icon: 'admin' },
  { to: '/settings', label: strings.nav.settings, icon: 'settings' },
];

const secondary: NavItem[] = [{ to: '/about', label: strings.nav.about, icon: 'about' }];

function NavItems({ items }: { items: NavItem[] }) {
  return (
    <ul className="nav-list">
      {items.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} className="nav-link">
            <Icon name={item.icon} />
            <span>{item.label}</span>
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

export function Sidebar() {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{strings.app.name}</span>
      </div>
      <nav aria-label={strings.nav.label} className="nav">
        <NavItems items={primary} />
        <div className="nav-spacer" />
        <NavItems items={secondary} />
      </nav>
      <SyncStatus />
    </aside>
  );
}
