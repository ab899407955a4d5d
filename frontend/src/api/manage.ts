import { For, Installed, Reconnect } from '../../wailsjs/go/install/Service';
import {
  Configuration,
  DeveloperNotices,
  FinishExternal,
  History,
  NoticeSecrets,
  OpenConfigurationPage,
  Outbox,
  Remove,
  RetryMessage,
  SaveConfiguration,
  SetNoticeSecret,
} from '../../wailsjs/go/manage/Service';
import type { audit, install, manage } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { requireBridge } from './bridge';
import { call } from './errors';

export type ManagedInstallation = install.Installation;
export type ReconnectProgress = install.Progress;
export type ConfigState = manage.State;
export type ConfigFieldState = manage.FieldState;
export type OutboxMessage = manage.Message;
export type HistoryEntry = audit.Entry;
export type NoticeSecretStatus = manage.SecretStatus;

/** What a developer's endpoint received: the notice's JSON body, decoded. */
export interface NoticeBody {
  event?: string;
  app_id?: string;
  account_id?: string;
  user_id?: number | null;
  installation_id?: number;
  removed_at?: string;
  user_data_retention?: boolean;
}

/** A deauthorization notice the built-in sandbox received as the demo apps' developer. */
export interface ReceivedNotice {
  webhookId: string;
  listingId: string;
  receivedAt: string;
  verified: boolean;
  body: NoticeBody;
}

/** A value a configuration field takes: text, number, toggle or a multi-select's list. */
export type FieldValue = string | number | boolean | string[] | null;

/** The mask Go sends in place of a secret that is set; sending it back keeps the secret. */
export const secretMask = '••••••••';

/** Go emits this after a configuration, a removal, and when a notice is delivered. */
export const installationsEvent = 'installations:changed';

function hasRuntime(): boolean {
  return Boolean((window as { runtime?: unknown }).runtime);
}

/** Calls cb on every installations:changed. Returns the unsubscribe function; a no-op outside Wails. */
export function onInstallationsChanged(cb: () => void): () => void {
  if (!hasRuntime()) return () => {};
  return EventsOn(installationsEvent, () => cb());
}

/** One installation the signed-in user can see (theirs or the account's), or null. */
export function findInstallation(id: number): Promise<ManagedInstallation | null> {
  return call(async () => {
    requireBridge();
    return ((await Installed()) ?? []).find((i) => i.id === id) ?? null;
  });
}

/** The signed-in user's live installation of an app, or null. */
export function installationFor(listingId: string): Promise<ManagedInstallation | null> {
  return call(async () => {
    requireBridge();
    return (await For(listingId)) ?? null;
  });
}

/** Starts a new consent for an installation (new permissions, or reconnect); progress as install:progress. */
export function reconnect(installationId: number): Promise<ReconnectProgress> {
  return call(() => {
    requireBridge();
    return Reconnect(installationId);
  });
}

export function getConfiguration(installationId: number): Promise<ConfigState> {
  return call(() => {
    requireBridge();
    return Configuration(installationId);
  });
}

/** Saves every value; when validation fails nothing is saved and state.errors says why, per field. */
export function saveConfiguration(installationId: number, values: Record<string, FieldValue>): Promise<ConfigState> {
  return call(() => {
    requireBridge();
    return SaveConfiguration(installationId, values);
  });
}

/** Opens the app's own configuration page in the system browser. */
export function openConfigurationPage(installationId: number): Promise<void> {
  return call(() => {
    requireBridge();
    return OpenConfigurationPage(installationId);
  });
}

/** "I've finished configuring" for an app configured on its own page. */
export function finishExternal(installationId: number): Promise<ConfigState> {
  return call(() => {
    requireBridge();
    return FinishExternal(installationId);
  });
}

/** Revokes, deletes secrets and settings, and sends the developer a notice with retainData. */
export function removeInstallation(installationId: number, retainData: boolean): Promise<void> {
  return call(() => {
    requireBridge();
    return Remove(installationId, retainData);
  });
}

/** The app's history from the audit log, newest first. */
export function getHistory(listingId: string): Promise<HistoryEntry[]> {
  return call(async () => {
    requireBridge();
    return (await History(listingId)) ?? [];
  });
}

/** The deauthorization and revocation messages waiting, failed or delivered. */
export function listOutbox(): Promise<OutboxMessage[]> {
  return call(async () => {
    requireBridge();
    return (await Outbox()) ?? [];
  });
}

export function retryMessage(id: string): Promise<void> {
  return call(() => {
    requireBridge();
    return RetryMessage(id);
  });
}

function decodeBody(body: unknown): NoticeBody {
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as NoticeBody;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object') return parsed as NoticeBody;
    } catch {
      // Not JSON: nothing to show.
    }
  }
  return {};
}

/** The notices the built-in sandbox received (its body is JSON on the wire). */
export function listDeveloperNotices(): Promise<ReceivedNotice[]> {
  return call(async () => {
    requireBridge();
    const notices = (await DeveloperNotices()) ?? [];
    return notices.map((n) => ({ ...n, body: decodeBody(n.body as unknown) }));
  });
}

/** Which apps have a notice signing secret, when and by whom it was set (managers; never the secret). */
export function listNoticeSecrets(): Promise<NoticeSecretStatus[]> {
  return call(async () => {
    requireBridge();
    return (await NoticeSecrets()) ?? [];
  });
}

/**
 * Sets (or rotates) the secret that signs an app's removal notices (managers).
 * The secret goes to Go, which keeps it in the system keychain; it never comes back.
 */
export function setNoticeSecret(listingId: string, secret: string): Promise<NoticeSecretStatus> {
  return call(() => {
    requireBridge();
    return SetNoticeSecret(listingId, secret);
  });
}
