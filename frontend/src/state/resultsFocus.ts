/**
 * Lets the top-bar search hand the keyboard to the page's results (ArrowDown
 * in the search box) without the two knowing each other: the list on screen
 * registers a handler; the search box asks for focus. When the search box has
 * just changed the query, the request waits for the new results instead.
 */
type FocusHandler = () => boolean;

let handler: FocusHandler | null = null;
let pendingUntil = 0;
const pendingMs = 2000;

/** Registers the page's "focus the first result" handler; returns the unregister function. */
export function registerResultsFocus(next: FocusHandler): () => void {
  handler = next;
  return () => {
    if (handler === next) handler = null;
  };
}

/** Moves focus into the results now; false when there is nothing to focus. */
export function focusResults(): boolean {
  pendingUntil = 0;
  return handler ? handler() : false;
}

/** Asks the next results to arrive (within two seconds) to take focus. */
export function focusResultsWhenReady(): void {
  pendingUntil = Date.now() + pendingMs;
}

/** True once if a focus request is waiting for results. */
export function takePendingFocus(): boolean {
  const pending = pendingUntil > Date.now();
  pendingUntil = 0;
  return pending;
}
