import type { KeyboardEvent } from 'react';
import { Link } from 'react-router-dom';
import type { AppCard } from '../../api/catalog';
import { strings } from '../../i18n';
import { AppIcon } from './AppIcon';
import { Installs, Rating, TypeBadge, VerifiedMark } from './AppMeta';

interface Props {
  app: AppCard;
  index: number;
  active: boolean;
  onKeyDown: (event: KeyboardEvent<HTMLAnchorElement>, index: number) => void;
  onFocus: (index: number) => void;
}

/** One search result: a link to the app, part of a roving-tabindex list. */
export function ResultRow({ app, index, active, onKeyDown, onFocus }: Props) {
  return (
    <Link
      to={`/apps/${encodeURIComponent(app.id)}`}
      className="result-row"
      tabIndex={active ? 0 : -1}
      data-index={index}
      data-testid="result-row"
      onKeyDown={(event) => onKeyDown(event, index)}
      onFocus={() => onFocus(index)}
    >
      <AppIcon src={app.iconUrl} name={app.name} size={48} />
      <div className="result-main">
        <div className="result-title">
          <span className="app-name">{app.name}</span>
          <span className="app-developer">
            {app.developer?.name}
            {app.developer?.verified && <VerifiedMark />}
          </span>
          {app.noLongerListed && <span className="badge badge-warn">{strings.listing.noLongerListed}</span>}
        </div>
        <p className="app-summary">{app.summary}</p>
      </div>
      <div className="result-side">
        <TypeBadge type={app.type} />
        <div className="result-stats">
          <Rating stats={app.stats} />
          <Installs stats={app.stats} />
        </div>
      </div>
    </Link>
  );
}
