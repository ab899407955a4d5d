import { useSearchParams } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { strings } from '../i18n';

export function DiscoverPage() {
  const [params] = useSearchParams();
  const query = params.get('q')?.trim() ?? '';
  const s = strings.discover;
  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      {query ? (
        <EmptyState icon="search" title={s.searchTitle(query)} body={s.searchEmptyBody} />
      ) : (
        <EmptyState icon="discover" title={s.emptyTitle} body={s.emptyBody} />
      )}
    </>
  );
}
