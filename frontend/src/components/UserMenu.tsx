import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { listUsers, switchUser, type User } from '../api/account';
import { strings } from '../i18n';
import { useSession } from '../state/session';
import { useShowError } from '../state/toasts';
import { Icon } from './Icon';

const s = strings.session;

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}

export function Avatar({ name }: { name: string }) {
  return (
    <span className="avatar" aria-hidden="true">
      {initials(name)}
    </span>
  );
}

/**
 * The signed-in user at the bottom of the sidebar, and "Switch user": a button
 * that opens a menu of the account's users. Arrow keys move, Enter picks,
 * Escape closes and gives focus back to the button.
 */
/**
 * Switching user re-mounts the window (App keys it by user), so the button that
 * had focus is gone; the new one takes focus on mount when this is set.
 */
let focusAfterSwitch = false;

export function UserMenu() {
  const { me, refresh, version } = useSession();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [users, setUsers] = useState<User[] | null>(null);
  const [busy, setBusy] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    let current = true;
    listUsers().then(
      (list) => current && setUsers(list),
      (reason: unknown) => {
        if (!current) return;
        showError(reason);
        setOpen(false);
      },
    );
    return () => {
      current = false;
    };
  }, [open, version, showError]);

  // Focus the current user once the list is there — once per opening: a
  // list that arrives again (the one of the last opening, then the fresh
  // one) must not pull focus back from where the arrow keys took it.
  const focusedThisOpening = useRef(false);
  useEffect(() => {
    if (!open) {
      focusedThisOpening.current = false;
      return;
    }
    if (!users || focusedThisOpening.current) return;
    focusedThisOpening.current = true;
    const items = menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]');
    const checked = menuRef.current?.querySelector<HTMLElement>('[aria-checked="true"]');
    (checked ?? items?.[0])?.focus();
  }, [open, users]);

  useEffect(() => {
    if (!focusAfterSwitch || !me) return;
    focusAfterSwitch = false;
    buttonRef.current?.focus();
  }, [me]);

  // A click anywhere else closes the menu.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  if (!me) return null;

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const pick = async (user: User) => {
    if (user.id === me.id) {
      close();
      return;
    }
    setBusy(true);
    try {
      await switchUser(user.id);
      focusAfterSwitch = true;
      setOpen(false);
      await refresh();
      buttonRef.current?.focus();
    } catch (reason) {
      showError(reason);
    } finally {
      setBusy(false);
    }
  };

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Tab') setOpen(false);
  };

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  return (
    <div className="user-menu" ref={rootRef}>
      {open && (
        <ul className="menu" role="menu" id={menuId} aria-label={s.switchUser} ref={menuRef} onKeyDown={onMenuKey} aria-busy={busy}>
          {!users && (
            <li role="presentation" className="menu-note">
              {s.usersLoading}
            </li>
          )}
          {users?.map((user) => (
            <li
              key={user.id}
              role="menuitemradio"
              aria-checked={user.id === me.id}
              tabIndex={-1}
              className="menu-item"
              aria-disabled={busy || undefined}
              onClick={() => !busy && void pick(user)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  if (!busy) void pick(user);
                }
              }}
            >
              <Avatar name={user.name} />
              <span className="menu-item-text">
                <span className="menu-item-name">{user.name}</span>
                <span className="menu-item-meta">
                  {strings.roles[user.role] ?? user.role}
                  {user.manager && ` · ${s.manager}`}
                </span>
              </span>
              {user.id === me.id && <span className="menu-check" aria-hidden="true">✓</span>}
            </li>
          ))}
        </ul>
      )}
      <button
        ref={buttonRef}
        type="button"
        className="user-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={onButtonKey}
        data-testid="user-button"
      >
        <Avatar name={me.name} />
        <span className="user-text">
          <span className="user-name" data-testid="me-name">
            {me.name}
          </span>
          <span className="user-role">
            {strings.roles[me.role] ?? me.role}
            {me.manager && <span className="badge badge-manager">{s.manager}</span>}
          </span>
        </span>
        {/* After the visible text, so the name starts with what is seen (label in name). */}
        <span className="visually-hidden">{s.switchUserHint}</span>
        <Icon name="chevron" size={16} />
      </button>
    </div>
  );
}
