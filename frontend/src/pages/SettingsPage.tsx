import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { strings } from '../i18n';

export function SettingsPage() {
  const s = strings.settings;
  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      <EmptyState icon="settings" title={s.emptyTitle} body={s.emptyBody} />
    </>
  );
}
