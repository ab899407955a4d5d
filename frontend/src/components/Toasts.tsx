import { strings } from '../i18n';
import { useToasts } from '../state/toasts';

/** Notifications, newest last; errors are announced as alerts, good news politely. */
export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <section className="toasts" aria-label={strings.notifications.label}>
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={toast.tone === 'ok' ? 'toast toast-ok' : 'toast'}
          role={toast.tone === 'ok' ? 'status' : 'alert'}
          data-testid="toast"
        >
          <span>{toast.message}</span>
          <button type="button" className="toast-dismiss" onClick={() => dismiss(toast.id)} aria-label={strings.notifications.dismiss}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
