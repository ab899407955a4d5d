import { useState, type FormEvent, type MouseEvent } from 'react';
import { addUser, listUsers, removeUser, roles, setManager, updateUser, type Role, type User, type UserInput } from '../../api/account';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { asSentence } from '../../state/format';
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

  // Run a change; on success reload the list (and the session: the signed-in user may have changed).
  // A refusal is returned as a sentence, for the row to show next to itself.
  const run = async (action: () => Promise<unknown>): Promise<string> => {
    try {
      await action();
      return '';
    } catch (reason) {
      return asSentence(toAppError(reason).message);
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
      {resource.status === 'ready' && resource.data.length <= 1 && (
        <div className="guide-note" role="note" data-testid="add-people-guide">
          <p className="guide-note-title">{s.guideTitle}</p>
          <p>{s.guideBody}</p>
          <a href="#add-user-title" onClick={goToAddUser}>
            {s.guideLink}
          </a>
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
                <UserRow
                  key={user.id}
                  user={user}
                  isMe={user.id === me?.id}
                  lastOwner={user.role === 'owner' && resource.data.filter((u) => u.role === 'owner').length === 1}
                  run={run}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddUserForm onAdded={() => setLocal((n) => n + 1)} />
    </section>
  );
}

/** Moves to the add-user form and into its first field (keyboard and screen readers follow). */
function goToAddUser(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  // Focusing the field scrolls the form into view too.
  document.getElementById('add-user-title')?.closest('section')?.querySelector<HTMLInputElement>('input')?.focus();
}

function ManagerCell({ user }: { user: User }) {
  if (user.role === 'owner') return <span className="cell-muted">{s.managerAlways}</span>;
  if (user.manager) return <span className="badge badge-manager">{s.managerYes}</span>;
  return <span className="cell-muted">{s.managerNo}</span>;
}

/** Why this user's Remove cannot work (Go refuses it too), or "" when it can. */
function removeBlocked(isMe: boolean, lastOwner: boolean): string {
  if (lastOwner) return s.cannotRemoveLastOwner;
  if (isMe) return s.cannotRemoveSelf;
  return '';
}

function UserRow({
  user,
  isMe,
  lastOwner,
  run,
}: {
  user: User;
  isMe: boolean;
  lastOwner: boolean;
  run: (action: () => Promise<unknown>) => Promise<string>;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [draft, setDraft] = useState<UserInput>({ name: user.name, email: user.email, role: user.role as Role, manager: user.managerGranted });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const blocked = removeBlocked(isMe, lastOwner);
  const errorId = `user-${user.id}-error`;
  const blockedId = `user-${user.id}-blocked`;

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    const refusal = await run(action);
    setError(refusal);
    setBusy(false);
    if (!refusal) setConfirming(false);
    return !refusal;
  };
  const rowError = error && (
    <p className="field-error" role="alert" id={errorId} data-testid="user-row-error">
      {error}
    </p>
  );

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
            {rowError}
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
            {/* Blocked: still focusable (aria-disabled), so that its reason, beside it, is heard. */}
            <button
              type="button"
              className="button button-small button-quiet"
              onClick={() => !blocked && setConfirming(true)}
              aria-label={s.removeLabel(user.name)}
              aria-disabled={blocked ? true : undefined}
              aria-describedby={blocked ? blockedId : undefined}
              data-testid="user-remove"
            >
              {s.remove}
            </button>
          </div>
        )}
        {blocked && !confirming && (
          <p className="cell-sub" id={blockedId} data-testid="user-remove-blocked">
            {blocked}
          </p>
        )}
        {rowError}
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
