import type { AppCard } from '../../api/catalog';
import { strings } from '../../i18n';
import { Icon } from '../Icon';

const s = strings.listing;

/** "You install it" or "Installed by admins"; long form on the detail page. */
export function TypeBadge({ type, long = false }: { type: string; long?: boolean }) {
  const account = type === 'account';
  return (
    <span className={`badge ${account ? 'badge-account' : 'badge-user'}`} data-testid="type-badge">
      <Icon name={account ? 'account' : 'user'} size={13} />
      {account ? (long ? s.typeAccount : s.typeAccountShort) : s.typeUser}
    </span>
  );
}

export function VerifiedMark() {
  return (
    <span className="verified" title={s.verifiedDeveloper}>
      <Icon name="verified" size={14} />
      <span className="visually-hidden">{s.verified}</span>
    </span>
  );
}

export function Rating({ stats }: { stats: AppCard['stats'] }) {
  if (!stats || stats.ratingCount <= 0) return null;
  return (
    <span className="rating" role="img" aria-label={s.ratingLabel(stats.rating, stats.ratingCount)}>
      <Icon name="star" size={13} />
      <span aria-hidden="true">{s.rating(stats.rating, stats.ratingCount)}</span>
    </span>
  );
}

export function Installs({ stats }: { stats: AppCard['stats'] }) {
  if (!stats || stats.installs <= 0) return null;
  return <span className="installs">{s.installs(stats.installs)}</span>;
}
