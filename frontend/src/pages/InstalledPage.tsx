import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { strings } from '../i18n';

export function InstalledPage() {
  const s = strings.installed;
  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      <EmptyState icon="installed" title={s.emptyTitle} body={s.emptyBody} />
    </>
  );
}
