import { useCallback, useState } from 'react';
import { getAction } from '../api/approval';
import { useSession } from './session';
import { useResource } from './useResource';

/**
 * What the detail page offers the signed-in user for one app (and, for
 * managers, its approval). Reloads when the user, approvals or requests
 * change; reload() after an action of this page.
 */
export function useAppAction(listingId: string) {
  const { me, version, changed } = useSession();
  const [local, setLocal] = useState(0);
  const load = useCallback(() => getAction(listingId), [listingId]);
  const { resource, retry } = useResource(load, `${listingId}:${me?.id}:${version}:${local}`);
  const reload = useCallback(() => {
    setLocal((n) => n + 1);
    changed();
  }, [changed]);
  return { resource, retry, reload };
}
