import { strings } from '../i18n';
import { useToasts } from '../state/toasts';

/** Error notifications, newest last; each one is announced as an alert. */
export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <section className="toasts" aria-label={strings.notifications.label}>
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" role="alert">
          <span>{toast.message}</span>
          <button type="button" className="toast-dismiss" onClick={() => dismiss(toast.id)} aria-label={strings.notifications.dismiss}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
