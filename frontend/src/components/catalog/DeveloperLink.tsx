import { Link } from 'react-router-dom';
import type { AppListing } from '../../api/catalog';
import { strings } from '../../i18n';

const s = strings.developer;

/** The path of a developer's page: every app of theirs in the catalog. */
export function developerPath(name: string): string {
  return `/developers/${encodeURIComponent(name)}`;
}

/** A developer's name on an app's page, linking to their other apps. */
export function DeveloperLink({ name }: { name: string }) {
  if (!name) return null;
  return (
    <Link to={developerPath(name)} className="developer-link" data-testid="developer-link">
      {name}
    </Link>
  );
}

/** "What's new": the listing's release notes for its current version, when the feed gives them. */
export function WhatsNew({ app }: { app: AppListing }) {
  if (!app.releaseNotes) return null;
  return (
    <section aria-labelledby="whats-new" data-testid="whats-new">
      <h2 id="whats-new" className="section-title">
        {s.whatsNew}
      </h2>
      <p className="whats-new-version">{s.whatsNewVersion(app.version)}</p>
      <p className="whats-new">{app.releaseNotes}</p>
    </section>
  );
}
