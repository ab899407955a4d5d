import { Open as OpenLink } from '../../wailsjs/go/desktop/Links';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { strings } from '../i18n';
import type { SyncStatus } from './catalog';
import type { InstallProgress } from './install';
import { AppError, call } from './errors';

/** The event that carries SyncStatus during and after every catalog sync. */
export const syncEvent = 'catalog:sync';

function hasRuntime(): boolean {
  return Boolean((window as { runtime?: unknown }).runtime);
}

/**
 * Opens a web link in the system browser, never in the app's window. Go
 * decides (netguard): https only, so a link from a feed cannot open file:,
 * smb:, javascript: or pass an option to the browser; a refused link rejects
 * with an invalid_input AppError, and outside Wails with unavailable.
 */
export function openExternal(url: string): Promise<void> {
  return call(() => {
    if (!(window as { go?: unknown }).go) throw new AppError('unavailable', strings.errors.runtimeMissing);
    return OpenLink(url);
  });
}

/**
 * Calls cb with every sync status Go emits. Returns the unsubscribe function.
 * Outside Wails there are no events: nothing is called and unsubscribing is a no-op.
 */
export function onSyncStatus(cb: (status: SyncStatus) => void): () => void {
  if (!hasRuntime()) return () => {};
  return EventsOn(syncEvent, (status: SyncStatus) => cb(status));
}

/** Go emits these when the account, its users or the signed-in user change. */
export const accountEvent = 'account:changed';
/** Go emits these when approvals or requests change. */
export const approvalsEvent = 'approvals:changed';

/** Calls cb on every account or approvals change. Returns the unsubscribe function; a no-op outside Wails. */
export function onAccountChanges(cb: (event: typeof accountEvent | typeof approvalsEvent) => void): () => void {
  if (!hasRuntime()) return () => {};
  const offAccount = EventsOn(accountEvent, () => cb(accountEvent));
  const offApprovals = EventsOn(approvalsEvent, () => cb(approvalsEvent));
  return () => {
    offAccount();
    offApprovals();
  };
}

/** The event that carries InstallProgress while an install runs and when it ends. */
export const installProgressEvent = 'install:progress';

/** Calls cb with every install progress Go emits. Returns the unsubscribe function; a no-op outside Wails. */
export function onInstallProgress(cb: (progress: InstallProgress) => void): () => void {
  if (!hasRuntime()) return () => {};
  return EventsOn(installProgressEvent, (progress: InstallProgress) => cb(progress));
}
