import { useState } from 'react';
import { removeInstallation } from '../../api/manage';
import type { AppError } from '../../api/errors';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { Dialog } from '../Dialog';

const s = strings.manage;

/**
 * Confirms a removal: what happens, and the opt-in (unticked) permission for
 * the developer to keep the person's data.
 */
export function RemoveDialog({
  installationId,
  appName,
  developerName,
  forAccount,
  accountName,
  onClose,
  onRemoved,
}: {
  installationId: number;
  appName: string;
  developerName: string;
  forAccount: boolean;
  accountName: string;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const [retain, setRetain] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const developer = developerName || s.theDeveloper;

  const onRemove = async () => {
    setBusy(true);
    setError(null);
    try {
      await removeInstallation(installationId, retain);
      onRemoved();
    } catch (reason) {
      setError(toAppError(reason));
      setBusy(false);
    }
  };

  return (
    <Dialog
      labelledBy="remove-title"
      describedBy="remove-body"
      onEscape={() => !busy && onClose()}
      className="remove-dialog"
      testId="remove-dialog"
    >
      {/* Not a <header>: outside main it would be a second banner landmark. */}
      <div className="dialog-header">
        <div className="dialog-heading">
          <h2 id="remove-title">{s.dialogTitle(appName)}</h2>
        </div>
      </div>
      <div className="dialog-body" id="remove-body">
        <p className={forAccount ? 'dialog-audience remove-audience-account' : 'dialog-lead'} data-testid="remove-audience">
          {forAccount ? s.dialogForAccount(appName, accountName) : s.dialogForYou(appName)}
        </p>
        <div>
          <p>{s.willHappen}</p>
          <ul className="remove-steps">
            <li>{s.willRevoke(appName)}</li>
            <li>{s.willDelete}</li>
            <li>{s.willNotify(developer)}</li>
          </ul>
        </div>
        <div className="remove-retain">
          <label className="check">
            <input type="checkbox" checked={retain} disabled={busy} onChange={(e) => setRetain(e.target.checked)} aria-describedby="remove-retain-help" />
            <span>{s.retain(developer)}</span>
          </label>
          <p id="remove-retain-help" className="field-help">
            {s.retainHelp}
          </p>
        </div>
        {error && (
          <div className="dialog-error" role="alert" data-testid="remove-error">
            <div>
              <p className="dialog-error-title">{s.removeFailed}</p>
              <p>{error.message}</p>
            </div>
          </div>
        )}
        <div className="dialog-actions">
          <span className="dialog-actions-spacer" />
          <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
            {s.cancel}
          </button>
          <button type="button" className="button button-danger" onClick={onRemove} disabled={busy} aria-busy={busy}>
            {busy ? s.removing : s.confirmRemove(appName)}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
