import { OrgCancelConnect, OrgConnect, OrgDisconnect, OrgStatus } from '../../wailsjs/go/orgdesk/Service';
import type { orgdesk } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { requireBridge } from './bridge';
import { call } from './errors';

/** How this desktop's organization connection stands (app/orgdesk.Status). */
export type OrgStatus = orgdesk.Status;
export type OrgState = 'local' | 'managed' | 'connected' | 'offline' | 'signed_out';

/** One change at the organization, as the server announced it. */
export interface OrgEvent {
  id: string;
  kind: string;
  data: Record<string, unknown> | null;
}

/** A step of a sign-in: checking the server, then waiting for the browser. */
export interface OrgConnectProgress {
  phase: 'checking' | 'waiting';
  authUrl: string;
}

/** The events app/orgdesk emits. */
export const orgEvent = 'org:event';
export const orgStatusEvent = 'org:status';
export const orgResetEvent = 'org:reset';
export const orgConnectEvent = 'org:connect';

export function getOrgStatus(): Promise<OrgStatus> {
  return call(() => {
    requireBridge();
    return OrgStatus();
  });
}

/** Signs in through the system browser; resolves once signed in (or rejects: cancelled, refused…). */
export function connectOrg(server: string): Promise<OrgStatus> {
  return call(() => {
    requireBridge();
    return OrgConnect(server);
  });
}

export function cancelOrgConnect(): Promise<void> {
  return call(() => {
    requireBridge();
    return OrgCancelConnect();
  });
}

/** Signs out of the organization; resolves whether the server heard of it. */
export function disconnectOrg(): Promise<boolean> {
  return call(() => {
    requireBridge();
    return OrgDisconnect();
  });
}

function hasRuntime(): boolean {
  return Boolean((window as { runtime?: unknown }).runtime);
}

/** Subscribes to one of the org events; a no-op outside Wails. Returns the unsubscribe function. */
function on<T>(name: string, cb: (data: T) => void): () => void {
  if (!hasRuntime()) return () => {};
  return EventsOn(name, (data: T) => cb(data));
}

export const onOrgEvent = (cb: (event: OrgEvent) => void) => on(orgEvent, cb);
export const onOrgStatus = (cb: (status: OrgStatus) => void) => on(orgStatusEvent, cb);
export const onOrgReset = (cb: () => void) => on(orgResetEvent, cb);
export const onOrgConnectProgress = (cb: (progress: OrgConnectProgress) => void) => on(orgConnectEvent, cb);
