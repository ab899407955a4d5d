import { strings } from '../../i18n';

const tones: Record<string, string> = { pending: 'warn', approved: 'ok', denied: 'danger', cancelled: 'neutral' };

/** A request's status as a coloured badge. */
export function RequestStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${tones[status] ?? 'neutral'}`} data-testid="request-status">
      {strings.requestStatus[status] ?? status}
    </span>
  );
}
