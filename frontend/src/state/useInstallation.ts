import { useCallback, useEffect, useState } from 'react';
import { getInstallation } from '../api/install';
import { onInstallProgress } from '../api/runtime';
import { useSession } from './session';
import { useResource } from './useResource';

/**
 * The signed-in user's installation of one app (theirs or the account's), or
 * null. Reloads with the user, on every session change (changed(), which
 * useAppAction's reload() calls) and when an install of this app ends.
 */
export function useInstallation(listingId: string) {
  const { me, version } = useSession();
  const [ended, setEnded] = useState(0);
  useEffect(
    () =>
      onInstallProgress((progress) => {
        if (progress.listingId === listingId && progress.phase !== 'waiting') setEnded((n) => n + 1);
      }),
    [listingId],
  );
  const load = useCallback(() => getInstallation(listingId), [listingId]);
  return useResource(load, `${listingId}:${me?.id}:${version}:${ended}`);
}
