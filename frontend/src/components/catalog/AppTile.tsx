import { Link } from 'react-router-dom';
import type { AppCard } from '../../api/catalog';
import { AppIcon } from './AppIcon';
import { Rating, TypeBadge, VerifiedMark } from './AppMeta';

/** An app in a Discover row: a link to its detail page. */
export function AppTile({ app }: { app: AppCard }) {
  return (
    <Link to={`/apps/${encodeURIComponent(app.id)}`} className="app-tile" data-testid="app-tile">
      <div className="app-tile-head">
        <AppIcon src={app.iconUrl} name={app.name} size={44} />
        <div className="app-tile-title">
          <span className="app-name">{app.name}</span>
          <span className="app-developer">
            {app.developer?.name}
            {app.developer?.verified && <VerifiedMark />}
          </span>
        </div>
      </div>
      <p className="app-summary">{app.summary}</p>
      <div className="app-meta">
        <TypeBadge type={app.type} />
        <Rating stats={app.stats} />
      </div>
    </Link>
  );
}
