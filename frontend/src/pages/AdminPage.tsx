import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { strings } from '../i18n';

export function AdminPage() {
  const s = strings.admin;
  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      <EmptyState icon="admin" title={s.emptyTitle} body={s.emptyBody} />
    </>
  );
}
