import { PageHeader } from '../components/PageHeader';
import { DeveloperNotices } from '../components/manage/DeveloperNotices';
import { OrgSection } from '../components/org/OrgSection';
import { CatalogSources } from '../components/settings/CatalogSources';
import { ThemeSection } from '../components/settings/ThemeSection';
import { strings } from '../i18n';
import { useSession } from '../state/session';

export function SettingsPage() {
  const s = strings.settings;
  // Developer notices carry every user's removals and the sandbox's side of
  // them: for the marketplace's managers (Go refuses them to members too).
  const manager = Boolean(useSession().me?.manager);
  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      <ThemeSection />
      <OrgSection />
      <CatalogSources />
      {manager && <DeveloperNotices />}
    </>
  );
}
