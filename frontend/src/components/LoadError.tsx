import type { AppError } from '../api/errors';

/** A failed load, inline, with a Retry button. */
export function LoadError({ title, error, retry, retryLabel }: { title: string; error: AppError; retry: () => void; retryLabel: string }) {
  return (
    <div className="inline-error" role="alert">
      <div>
        <p className="inline-error-title">{title}</p>
        <p className="detail">{error.message}</p>
      </div>
      <button type="button" className="button" onClick={retry}>
        {retryLabel}
      </button>
    </div>
  );
}
