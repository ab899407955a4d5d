import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(focusableSelector)];
}

/** Focuses the element marked data-autofocus, else the first focusable one, else the dialog. */
function focusFirst(root: HTMLElement) {
  const target = root.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ?? focusables(root)[0] ?? root;
  target.focus();
}

/**
 * A modal dialog over the window: focus moves into it and stays there (Tab
 * wraps), Escape calls onEscape, and focus returns where it was on close.
 * focusKey: when it changes (the dialog's content changed), focus moves to the
 * new content's first control.
 */
export function Dialog({
  labelledBy,
  describedBy,
  onEscape,
  focusKey,
  className,
  testId,
  children,
}: {
  labelledBy: string;
  describedBy?: string;
  onEscape: () => void;
  focusKey?: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => previous?.focus();
  }, []);

  useEffect(() => {
    if (ref.current) focusFirst(ref.current);
  }, [focusKey]);

  // Focus that leaves the dialog (a click on the backdrop, a control that
  // disappeared) comes back to it.
  useEffect(() => {
    const onFocusIn = (event: FocusEvent) => {
      const root = ref.current;
      if (root && event.target instanceof Node && !root.contains(event.target)) focusFirst(root);
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const root = ref.current;
    if (!root) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusables(root);
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === root)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        className={className ? `dialog ${className}` : 'dialog'}
        data-testid={testId}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}
