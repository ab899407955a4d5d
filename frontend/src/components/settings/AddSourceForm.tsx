import { useState, type FormEvent } from 'react';
import { addSource, type SourceResult } from '../../api/catalog';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { asSentence } from '../../state/format';

const s = strings.settings;

/** How many skipped entries are named with their reason (a feed may skip thousands). */
const shownSkips = 5;

/**
 * Adds a feed by https URL or file path. The import runs right away: success
 * shows what was imported, and skipped entries in a warning with the first few
 * reasons; a feed that
 * cannot be read shows why, and the input keeps what was typed.
 */
export function AddSourceForm({ onAdded }: { onAdded: () => void }) {
  const [location, setLocation] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SourceResult | null>(null);
  const [error, setError] = useState('');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const value = location.trim();
    if (!value || busy) return;
    setBusy(true);
    setError('');
    setResult(null);
    try {
      const res = await addSource(value);
      if (res.error) {
        setError(asSentence(res.error));
      } else {
        setResult(res);
        setLocation('');
      }
      onAdded();
    } catch (reason) {
      setError(asSentence(toAppError(reason).message));
    } finally {
      setBusy(false);
    }
  };

  const skipped = result?.skipped ?? [];
  // The first few reasons are named; the rest (and Go's unnamed ones past 100) are counted.
  const shown = skipped.slice(0, shownSkips);
  const notShown = skipped.length - shown.length + (result?.skippedMore ?? 0);
  return (
    <section className="settings-card" aria-labelledby="add-source-title">
      <h3 id="add-source-title" className="card-title">
        {s.addTitle}
      </h3>
      <form className="add-source" onSubmit={onSubmit}>
        <label htmlFor="source-location" className="visually-hidden">
          {s.addLabel}
        </label>
        <input
          id="source-location"
          className="text-input"
          type="text"
          value={location}
          placeholder={s.addPlaceholder}
          onChange={(event) => setLocation(event.target.value)}
          aria-describedby="source-help"
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className="button button-primary" disabled={busy || !location.trim()} aria-busy={busy}>
          {busy ? s.adding : s.add}
        </button>
      </form>
      <p id="source-help" className="field-help">
        {s.addHelp}
      </p>
      {error && (
        <div className="inline-error compact" role="alert" data-testid="add-source-error">
          <div>
            <p className="inline-error-title">{s.addFailed}</p>
            <p className="detail">{error}</p>
          </div>
        </div>
      )}
      {result && (
        <div className="add-result" role="status" data-testid="add-source-result">
          <p className="add-result-title">{s.addedTitle(result.source)}</p>
          <p>{s.addedCounts(result.added, result.updated, result.removed)}</p>
        </div>
      )}
      {shown.length > 0 && (
        // Not in the green box: skipped entries are something to look at.
        <div className="add-result add-result-warn" role="status" data-testid="add-source-skipped">
          <p className="skipped-title">{s.skippedTitle(skipped.length + (result?.skippedMore ?? 0))}</p>
          <ul className="skipped" data-testid="skipped-list">
            {shown.map((problem, i) => (
              <li key={`${problem.entry}-${i}`}>{s.skippedEntry(problem.entry, problem.reason)}</li>
            ))}
          </ul>
          {notShown > 0 && (
            <p className="skipped-more" data-testid="skipped-more">
              {s.skippedMore(notShown)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
