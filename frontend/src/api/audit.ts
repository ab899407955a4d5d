import { Export, List } from '../../wailsjs/go/audit/Service';
import { audit } from '../../wailsjs/go/models';
import { requireBridge } from './bridge';
import { call } from './errors';

export type AuditEntry = audit.Entry;

export interface AuditQuery {
  /** An action prefix such as "approval." ('' for all). */
  action?: string;
  actor?: string;
  target?: string;
  limit?: number;
}

function toFilter(query: AuditQuery): audit.Filter {
  return audit.Filter.createFrom({
    action: query.action ?? '',
    actor: query.actor ?? '',
    target: query.target ?? '',
    limit: query.limit ?? 0,
  });
}

/** The audit log, newest first (managers only). */
export function listAudit(query: AuditQuery): Promise<AuditEntry[]> {
  return call(async () => {
    requireBridge();
    return (await List(toFilter(query))) ?? [];
  });
}

/** Saves the filtered log to a file the person picks; '' when they cancel. */
export function exportAudit(format: 'csv' | 'json', query: AuditQuery): Promise<string> {
  return call(() => {
    requireBridge();
    return Export(format, toFilter(query));
  });
}
