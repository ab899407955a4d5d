import { useState, type FormEvent } from 'react';
import { addUser, listUsers, removeUser, roles, setManager, updateUser, type Role, type User, type UserInput } from '../../api/account';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { useSession } from '../../state/session';
import { useResource } from '../../state/useResource';
import { LoadError } from '../LoadError';
import { Avatar } from '../UserMenu';

const s = strings.admin.users;

/** Admin › Users: the account's people, their role and manager privilege; add, edit, remove. */
export function UsersTab() {
  const { me, version, changed, refresh } = useSession();
  const [local, setLocal] = useState(0);
  const { resource, retry } = useResource(listUsers, `${version}:${local}`);
  const [error, setError] = useState('');

  // Run a change; on success reload the list (and the session: the signed-in user may have changed).
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setError('');
    try {
      await action();
      return true;
    } catch (reason) {
      setError(toAppError(reason).message);
      return false;
    } finally {
      setLocal((n) => n + 1);
      changed();
      void refresh();
    }
  };

  return (
    <section className="admin-section" aria-label={strings.admin.tabs.users}>
      {resource.status === 'loading' && <p className="loading">{s.loading}</p>}
      {resource.status === 'error' && <LoadError title={s.loadFailed} error={resource.error} retry={retry} retryLabel={strings.admin.retry} />}
      {error && (
        <div className="inline-error compact" role="alert" data-testid="users-error">
          <p>{error}</p>
        </div>
      )}
      {resource.status === 'ready' && (
        <div className="table-card">
          <table className="data-table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{s.name}</th>
                <th scope="col">{s.role}</th>
                <th scope="col">{s.manager}</th>
                <th scope="col">
                  <span className="visually-hidden">{s.edit}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {resource.data.map((user) => (
                <UserRow key={user.id} user={user} isMe={user.id === me?.id} run={run} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddUserForm onAdded={() => setLocal((n) => n + 1)} />
    </section>
  );
}

function ManagerCell({ user }: { user: User }) {
  if (user.role === 'owner') return <span className="cell-muted">{s.managerAlways}</span>;
  if (user.manager) return <span className="badge badge-manager">{s.managerYes}</span>;
  return <span className="cell-muted">{s.managerNo}</span>;
}

function UserRow({ user, isMe, run }: { user: User; isMe: boolean; run: (action: () => Promise<unknown>) => Promise<boolean> }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [draft, setDraft] = useState<UserInput>({ name: user.name, email: user.email, role: user.role as Role, manager: user.managerGranted });
  const [busy, setBusy] = useState(false);

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    const ok = await run(action);
    setBusy(false);
    return ok;
  };

  if (editing) {
    const onSave = async (event: FormEvent) => {
      event.preventDefault();
      if (await act(() => updateUser(user.id, { ...draft, name: draft.name.trim(), email: draft.email.trim(), manager: draft.role === 'admin' && draft.manager }))) {
        setEditing(false);
      }
    };
    return (
      <tr data-testid="user-row">
        <td colSpan={4}>
          <form className="inline-form" onSubmit={onSave} aria-label={s.editLabel(user.name)}>
            <label className="field">
              <span className="field-label">{s.name}</span>
              <input className="text-input" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            </label>
            <label className="field">
              <span className="field-label">{s.email}</span>
              <input className="text-input" type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
            </label>
            <RoleSelect value={draft.role} onChange={(role) => setDraft({ ...draft, role })} />
            <div className="form-actions">
              <button type="submit" className="button button-primary button-small" disabled={busy}>
                {s.save}
              </button>
              <button type="button" className="button button-small" onClick={() => setEditing(false)} disabled={busy}>
                {s.cancel}
              </button>
            </div>
          </form>
        </td>
      </tr>
    );
  }

  return (
    <tr data-testid="user-row">
      <td>
        <div className="user-cell">
          <Avatar name={user.name} />
          <div>
            <p className="user-cell-name">
              {user.name}
              {isMe && <span className="cell-muted"> ({s.you})</span>}
            </p>
            <p className="cell-sub">{user.email}</p>
          </div>
        </div>
      </td>
      <td>{strings.roles[user.role] ?? user.role}</td>
      <td>
        <ManagerCell user={user} />
      </td>
      <td className="cell-actions">
        {confirming ? (
          <div className="confirm confirm-inline" role="group" aria-label={s.removeLabel(user.name)}>
            <p>{s.removeConfirm(user.name)}</p>
            <div className="confirm-actions">
              <button type="button" className="button button-danger button-small" disabled={busy} onClick={() => act(() => removeUser(user.id))}>
                {s.removeConfirmButton}
              </button>
              <button type="button" className="button button-small" disabled={busy} onClick={() => setConfirming(false)}>
                {s.cancel}
              </button>
            </div>
          </div>
        ) : (
          <div className="row-actions">
            {user.role === 'admin' && (
              <button type="button" className="button button-small" disabled={busy} onClick={() => act(() => setManager(user.id, !user.managerGranted))}>
                {user.managerGranted ? s.revoke : s.grant}
              </button>
            )}
            <button type="button" className="button button-small" onClick={() => setEditing(true)} aria-label={s.editLabel(user.name)}>
              {s.edit}
            </button>
            <button type="button" className="button button-small button-quiet" onClick={() => setConfirming(true)} aria-label={s.removeLabel(user.name)}>
              {s.remove}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

function RoleSelect({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  return (
    <label className="field">
      <span className="field-label">{s.role}</span>
      <select className="text-input select" value={value} onChange={(e) => onChange(e.target.value as Role)}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {strings.roles[role]}
          </option>
        ))}
      </select>
    </label>
  );
}

function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const { changed } = useSession();
  const empty: UserInput = { name: '', email: '', role: 'member', manager: false };
  const [draft, setDraft] = useState<UserInput>(empty);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [added, setAdded] = useState('');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    setAdded('');
    try {
      const user = await addUser({ ...draft, name: draft.name.trim(), email: draft.email.trim(), manager: draft.role === 'admin' && draft.manager });
      setAdded(s.added(user.name));
      setDraft(empty);
      onAdded();
      changed();
    } catch (reason) {
      setError(toAppError(reason).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="settings-card" aria-labelledby="add-user-title">
      <h2 id="add-user-title" className="card-title">
        {s.addTitle}
      </h2>
      <form className="inline-form" onSubmit={onSubmit} noValidate>
        <label className="field">
          <span className="field-label">{s.name}</span>
          <input className="text-input" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} autoComplete="off" />
        </label>
        <label className="field">
          <span className="field-label">{s.email}</span>
          <input
            className="text-input"
            type="email"
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <RoleSelect value={draft.role} onChange={(role) => setDraft({ ...draft, role })} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
            {busy ? s.adding : s.add}
          </button>
        </div>
      </form>
      <label className="check check-standalone">
        <input
          type="checkbox"
          checked={draft.role === 'admin' && draft.manager}
          disabled={draft.role !== 'admin'}
          onChange={(e) => setDraft({ ...draft, manager: e.target.checked })}
        />
        <span>{s.managerToggle}</span>
      </label>
      <p className="field-help">{s.managerHelp}</p>
      {error && (
        <p className="field-error" role="alert" data-testid="add-user-error">
          {error}
        </p>
      )}
      {added && (
        <p className="field-ok" role="status">
          {added}
        </p>
      )}
    </section>
  );
}
