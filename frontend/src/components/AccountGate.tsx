import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getAccountStatus, type AccountStatus } from '../api/account';
import { toAppError, type AppError } from '../api/errors';
import { onAccountChanges } from '../api/runtime';
import { strings } from '../i18n';
import { takeEarly } from '../state/early';
import { SessionProvider, type Session } from '../state/session';
import { Welcome } from './Welcome';

/**
 * Shows the app once the account exists: on first launch the Welcome form
 * creates it. Provides the account and the signed-in user (useSession) and
 * keeps them current through Go's account and approvals events.
 */
export function AccountGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AccountStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [version, setVersion] = useState(0);

  const refresh = useCallback(async () => {
    try {
      const next = await takeEarly('account', getAccountStatus);
      setStatus(next);
      setError(null);
    } catch (reason) {
      setError(toAppError(reason));
    }
    setVersion((n) => n + 1);
  }, []);

  const changed = useCallback(() => setVersion((n) => n + 1), []);

  useEffect(() => {
    void refresh();
    return onAccountChanges((event) => {
      if (event === 'account:changed') void refresh();
      else changed();
    });
  }, [refresh, changed]);

  const session = useMemo<Session>(
    () => ({ account: status?.account ?? null, me: status?.me ?? null, refresh, version, changed }),
    [status, refresh, version, changed],
  );

  if (error && !status?.initialized) {
    return (
      <main className="startup-problem" role="alert">
        <h1>{strings.session.loadFailed}</h1>
        <p className="detail">{error.message}</p>
        <p className="empty-action">
          <button type="button" className="button" onClick={() => void refresh()}>
            {strings.session.retry}
          </button>
        </p>
      </main>
    );
  }
  if (!status) return null;
  if (!status.initialized) return <Welcome suggestedName={status.suggestedName} onCreated={refresh} />;
  return <SessionProvider value={session}>{children}</SessionProvider>;
}
