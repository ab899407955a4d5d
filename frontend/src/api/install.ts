import { Begin, Cancel, For, Installed, OpenAgain } from '../../wailsjs/go/install/Service';
import type { install } from '../../wailsjs/go/models';
import { requireBridge } from './bridge';
import { call } from './errors';

export type Installation = install.Installation;
export type InstallProgress = install.Progress;

/** Where an install stands, as the install:progress event says. */
export type InstallPhase = 'waiting' | 'done' | 'declined' | 'cancelled' | 'failed';
/** An installation's status. */
export type InstallationStatus = 'authorizing' | 'active' | 'needs_configuration' | 'reconnect_needed' | 'failed' | 'removed';

/**
 * Checks the policy, the keychain and the app's server, then opens the
 * consent in the system browser; resolves at once with phase "waiting".
 * The outcome arrives through onInstallProgress.
 */
export function beginInstall(listingId: string): Promise<InstallProgress> {
  return call(() => {
    requireBridge();
    return Begin(listingId);
  });
}

/** Stops a waiting install; nothing is installed. */
export function cancelInstall(installationId: number): Promise<void> {
  return call(() => {
    requireBridge();
    return Cancel(installationId);
  });
}

/** Opens the consent page of a waiting install in the browser once more. */
export function openConsentAgain(installationId: number): Promise<void> {
  return call(() => {
    requireBridge();
    return OpenAgain(installationId);
  });
}

/** The signed-in user's installations and the account's. */
export function listInstalled(): Promise<Installation[]> {
  return call(async () => {
    requireBridge();
    return (await Installed()) ?? [];
  });
}

/** The signed-in user's live installation of an app (theirs or the account's), or null. */
export function getInstallation(listingId: string): Promise<Installation | null> {
  return call(async () => {
    requireBridge();
    return (await For(listingId)) ?? null;
  });
}
