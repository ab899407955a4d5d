import { strings } from '../../i18n';

const tones: Record<string, string> = {
  active: 'badge-ok',
  needs_configuration: 'badge-warn',
  reconnect_needed: 'badge-danger',
  failed: 'badge-danger',
};

/** An installation's status: Active, Needs configuration, Reconnect needed… */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${tones[status] ?? 'badge-neutral'}`} data-testid="installation-status" data-status={status}>
      {strings.installStatus[status] ?? status}
    </span>
  );
}
