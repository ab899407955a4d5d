import { useEffect, useState } from 'react';
import { listUsers, type User } from '../../api/account';
import { blockApp, preApprove, revokeApproval, type Approval } from '../../api/approval';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { useSession } from '../../state/session';
import { useResource } from '../../state/useResource';

const s = strings.approvalPanel;

/** A one-line description of an approval, with the names of the users it covers. */
export function ApprovalSummary({ approval, users }: { approval: Approval; users: User[] }) {
  const names = (approval.userIds ?? []).map((id) => users.find((u) => u.id === id)?.name ?? `#${id}`);
  const scope = approval.scope || 'none';
  const label =
    scope === 'account' ? s.stateAccount : scope === 'users' ? s.stateUsers(names.length) : scope === 'blocked' ? s.stateBlocked : s.stateNone;
  const tone = scope === 'account' || scope === 'users' ? 'ok' : scope === 'blocked' ? 'danger' : 'neutral';
  return (
    <div className="approval-summary" data-testid="approval-state" data-scope={scope}>
      <p>
        <span className={`badge badge-${tone}`}>{label}</span>
      </p>
      {(approval.changed ?? []).length > 0 && (
        <p className="approval-changed" data-testid="changed-since-approved">
          <span className="badge badge-warn">{s.changedSinceApproved}</span> {s.changedParts(approval.changed ?? [])}
        </p>
      )}
      {scope === 'users' && names.length > 0 && <p className="approval-names">{names.join(', ')}</p>}
      {approval.note && <p className="approval-note">{s.note(approval.note)}</p>}
    </div>
  );
}

/**
 * Managers only: who may install this app, and the controls to approve it for
 * everyone or for chosen users, revoke the approval, or block the app.
 */
export function ApprovalPanel({ listingId, approval, onChanged }: { listingId: string; approval: Approval; onChanged: () => void }) {
  const { version } = useSession();
  const { resource: users } = useResource(listUsers, version);
  const userList = users.status === 'ready' ? users.data : [];
  const [chosen, setChosen] = useState<number[]>(approval.scope === 'users' ? (approval.userIds ?? []) : []);
  const [note, setNote] = useState(approval.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  // A new decision (here or elsewhere) resets the form to it.
  const key = `${approval.scope}:${(approval.userIds ?? []).join(',')}:${approval.note}:${approval.updatedAt}`;
  useEffect(() => {
    setChosen(approval.scope === 'users' ? (approval.userIds ?? []) : []);
    setNote(approval.note ?? '');
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (reason) {
      setError(toAppError(reason).message);
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  const toggle = (id: number, on: boolean) => setChosen((list) => (on ? [...list, id] : list.filter((x) => x !== id)));
  const scope = approval.scope || 'none';

  return (
    <section aria-labelledby="approval-title" className="approval-panel" data-testid="approval-panel">
      <h2 id="approval-title" className="section-title">
        {s.title}
      </h2>
      <div className="panel-card">
        <ApprovalSummary approval={approval} users={userList} />
        <label className="field">
          <span className="field-label">{s.noteLabel}</span>
          <textarea
            className="text-input textarea"
            rows={2}
            maxLength={1000}
            value={note}
            placeholder={s.notePlaceholder}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <div className="panel-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => run(() => preApprove(listingId, { forAccount: true, userIds: [], note: note.trim() }))}
          >
            {s.approveAll}
          </button>
        </div>
        <fieldset className="user-picker">
          <legend className="field-label">{s.chooseUsers}</legend>
          {users.status === 'loading' && <p className="loading">{s.usersLoading}</p>}
          <ul className="check-list">
            {userList.map((user) => (
              <li key={user.id}>
                <label className="check">
                  <input type="checkbox" checked={chosen.includes(user.id)} onChange={(e) => toggle(user.id, e.target.checked)} />
                  <span>{user.name}</span>
                  <span className="check-meta">{strings.roles[user.role] ?? user.role}</span>
                </label>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button"
            disabled={busy || chosen.length === 0}
            onClick={() => run(() => preApprove(listingId, { forAccount: false, userIds: chosen, note: note.trim() }))}
          >
            {s.approveUsers}
          </button>
        </fieldset>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="panel-actions panel-actions-secondary">
          {scope !== 'none' && (
            <button type="button" className="button" disabled={busy} onClick={() => run(() => revokeApproval(listingId))}>
              {s.revoke}
            </button>
          )}
          {scope !== 'blocked' && (
            <button type="button" className="button button-danger-quiet" disabled={busy} onClick={() => run(() => blockApp(listingId, note.trim()))}>
              {s.block}
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
