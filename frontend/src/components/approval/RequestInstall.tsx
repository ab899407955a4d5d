import { useCallback, useState } from 'react';
import type { ApprovalRequest } from '../../api/approval';
import { getListing, type AppListing } from '../../api/catalog';
import { getInstallation, type InstallProgress } from '../../api/install';
import { strings } from '../../i18n';
import { useSession } from '../../state/session';
import { useShowError, useShowSuccess } from '../../state/toasts';
import { useResource } from '../../state/useResource';
import { InstallDialog } from '../install/InstallDialog';

const s = strings.myRequests;

/**
 * My requests' Install for an approved app that is not installed yet: the
 * same review dialog as the detail page's Install.
 */
export function RequestInstall({ request, onChanged }: { request: ApprovalRequest; onChanged: () => void }) {
  const name = request.listingName || request.listingId;
  const load = useCallback(() => getInstallation(request.listingId), [request.listingId]);
  // Reloaded on every change (an install here or elsewhere hides the button).
  const { version } = useSession();
  const { resource } = useResource(load, `${request.listingId}:${version}`);
  const [app, setApp] = useState<AppListing | null>(null);
  const showError = useShowError();
  const showSuccess = useShowSuccess();
  if (resource.status !== 'ready' || resource.data) return null;

  const open = async () => {
    try {
      setApp(await getListing(request.listingId));
    } catch (reason) {
      showError(reason);
    }
  };
  const onInstalled = (progress: InstallProgress) => {
    setApp(null);
    showSuccess(progress.status === 'needs_configuration' ? strings.install.needsConfiguration(name) : strings.install.installed(name));
    onChanged();
  };
  return (
    <>
      <button type="button" className="button button-small button-primary" onClick={open} aria-haspopup="dialog" aria-label={s.installLabel(name)}>
        {s.install}
      </button>
      {app && <InstallDialog app={app} onInstalled={onInstalled} onClose={() => setApp(null)} />}
    </>
  );
}
