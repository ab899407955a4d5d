import { PageHeader } from '../components/PageHeader';
import { DeveloperNotices } from '../components/manage/DeveloperNotices';
import { OrgSection } from '../components/org/OrgSection';
import { CatalogSources } from '../components/settings/CatalogSources';
import { ThemeSection } from '../components/settings/ThemeSection';
import { strings } from '../i18n';

export function SettingsPage() {
  const s = strings.settings;
  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      <ThemeSection />
      <OrgSection />
      <CatalogSources />
      <DeveloperNotices />
    </>
  );
}
