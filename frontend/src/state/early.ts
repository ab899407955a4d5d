/**
 * Start-up calls to Go begun before React renders (main.tsx): the startup
 * check, the account and the home page's catalog are asked for at once,
 * instead of each gate waiting for the one before it to answer. Each early
 * answer is taken once, by the component that would have asked; any later
 * call asks Go again.
 */
const early = new Map<string, Promise<unknown>>();

export type EarlyCall = 'startup' | 'account' | 'home';

/** Begins call now; its failure, if nobody takes it, is not reported twice. */
export function startEarly<T>(key: EarlyCall, call: () => Promise<T>): void {
  const answer = new Promise<T>((resolve) => resolve(call())); // a call that throws becomes a rejection
  answer.catch(() => {}); // the gate that takes it handles the error; one never taken is dropped
  early.set(key, answer);
}

/** The early answer for key if it was begun and not yet taken, else call(). */
export function takeEarly<T>(key: EarlyCall, call: () => Promise<T>): Promise<T> {
  const answer = early.get(key);
  if (!answer) return call();
  early.delete(key);
  return answer as Promise<T>;
}
