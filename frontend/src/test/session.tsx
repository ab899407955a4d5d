import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { User } from '../api/account';
import { SessionProvider, type Session } from '../state/session';
import { accountStatusFixture, userFixture } from './fixtures';

/** A session for a page rendered alone: signed in as me (the owner by default). */
export function testSession(me: User = userFixture(), overrides: Partial<Session> = {}): Session {
  return {
    account: accountStatusFixture().account,
    me,
    refresh: vi.fn(async () => {}),
    version: 0,
    changed: vi.fn(),
    ...overrides,
  };
}

export function WithSession({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionProvider value={session}>{children}</SessionProvider>;
}
