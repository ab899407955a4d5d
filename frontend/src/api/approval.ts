import {
  ActionFor,
  Apps,
  Ask,
  Block,
  BulkPreApprove,
  BulkRevoke,
  Cancel,
  Decide,
  Decisions,
  MyRequests,
  PendingCount,
  PreApprove,
  Requests,
  Revoke,
  SeeDecisions,
} from '../../wailsjs/go/approval/Service';
import { approval } from '../../wailsjs/go/models';
import { requireBridge } from './bridge';
import { call } from './errors';

export type AppAction = approval.Action;
export type Approval = approval.Approval;
export type AppState = approval.AppState;
export type ApprovalRequest = approval.Request;
export type BulkResult = approval.BulkResult;

/** What an app's detail page offers the signed-in user. */
export type ActionState = 'install' | 'request' | 'needs_review' | 'pending' | 'denied' | 'admins_only' | 'blocked' | 'not_listed';
/** An app's approval: for everyone, for named users, blocked, or none. */
export type ApprovalScope = 'account' | 'users' | 'blocked' | 'none';
export type RequestStatus = '' | 'pending' | 'approved' | 'denied' | 'cancelled';

export interface AppsQuery {
  /** 'changed': approved apps whose source, server or scopes changed since. */
  state?: '' | ApprovalScope | 'changed';
  text?: string;
  offset?: number;
  limit?: number;
}

export function getAction(listingId: string): Promise<AppAction> {
  return call(() => {
    requireBridge();
    return ActionFor(listingId);
  });
}

/** Approves an app for the whole account or for chosen users; replaces the previous decision. */
export function preApprove(listingId: string, grant: { forAccount: boolean; userIds: number[]; note: string }): Promise<Approval> {
  return call(() => {
    requireBridge();
    return PreApprove(listingId, approval.Grant.createFrom(grant));
  });
}

export function revokeApproval(listingId: string): Promise<void> {
  return call(() => {
    requireBridge();
    return Revoke(listingId);
  });
}

export function blockApp(listingId: string, note: string): Promise<void> {
  return call(() => {
    requireBridge();
    return Block(listingId, note);
  });
}

export function bulkPreApprove(listingIds: string[], note: string): Promise<BulkResult> {
  return call(() => {
    requireBridge();
    return BulkPreApprove(listingIds, note);
  });
}

export function bulkRevoke(listingIds: string[]): Promise<BulkResult> {
  return call(() => {
    requireBridge();
    return BulkRevoke(listingIds);
  });
}

/** Every app with its approval state (managers only). */
export function listAppStates(query: AppsQuery): Promise<AppState[]> {
  return call(async () => {
    requireBridge();
    const filter = approval.AppFilter.createFrom({
      state: query.state ?? '',
      text: query.text ?? '',
      offset: query.offset ?? 0,
      limit: query.limit ?? 0,
    });
    return (await Apps(filter)) ?? [];
  });
}

/** Asks the managers to pre-approve an app, with an optional reason. */
export function askForApproval(listingId: string, reason: string): Promise<ApprovalRequest> {
  return call(() => {
    requireBridge();
    return Ask(listingId, reason);
  });
}

export function cancelRequest(requestId: number): Promise<void> {
  return call(() => {
    requireBridge();
    return Cancel(requestId);
  });
}

export function listMyRequests(): Promise<ApprovalRequest[]> {
  return call(async () => {
    requireBridge();
    return (await MyRequests()) ?? [];
  });
}

/** The request queue, by status ('' for all; managers only). */
export function listRequests(status: RequestStatus): Promise<ApprovalRequest[]> {
  return call(async () => {
    requireBridge();
    return (await Requests(status)) ?? [];
  });
}

export function decideRequest(requestId: number, verdict: { approve: boolean; forAccount: boolean; note: string }): Promise<ApprovalRequest> {
  return call(() => {
    requireBridge();
    return Decide(requestId, approval.Verdict.createFrom(verdict));
  });
}

/** Pending requests, for the managers' badge (0 for everyone else). */
export function getPendingCount(): Promise<number> {
  return call(() => {
    requireBridge();
    return PendingCount();
  });
}

/** Decisions on your requests you were not told about yet (local mode; oldest first). */
export function listNewDecisions(): Promise<ApprovalRequest[]> {
  return call(async () => {
    requireBridge();
    return (await Decisions()) ?? [];
  });
}

/** Records, in the database, that you were told about the decisions up to request upTo. */
export function seeDecisions(upTo: number): Promise<void> {
  return call(() => {
    requireBridge();
    return SeeDecisions(upTo);
  });
}
