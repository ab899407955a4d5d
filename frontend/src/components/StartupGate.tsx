import { useEffect, useState, type ReactNode } from 'react';
import { getStartupProblem } from '../api/system';
import { strings } from '../i18n';
import { takeEarly } from '../state/early';

/**
 * Shows the app only when its data directory opened. Otherwise (a database
 * from a newer Marketdesk, say) it explains why, since a window started from a
 * menu is the only place the person will look.
 */
export function StartupGate({ children }: { children: ReactNode }) {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    takeEarly('startup', getStartupProblem)
      .then(setProblem)
      .catch(() => setProblem('')); // no bridge: the pages say so themselves
  }, []);
  if (problem === null) return null;
  if (problem === '') return <>{children}</>;
  return (
    <main className="startup-problem" role="alert" aria-labelledby="startup-title">
      <h1 id="startup-title">{strings.startup.title}</h1>
      <p>{strings.startup.body}</p>
      <pre data-testid="startup-problem">{problem}</pre>
    </main>
  );
}
