import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { toAppError } from '../api/errors';

export interface Toast {
  id: number;
  message: string;
  /** An error (announced as an alert) or good news (announced politely). */
  tone: 'error' | 'ok';
}

interface ToastApi {
  toasts: Toast[];
  showError: (reason: unknown) => void;
  showSuccess: (message: string) => void;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
const toastLifetimeMs = 8000;

/** Holds the notifications shown by <Toasts>; any page may raise one. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
  }, []);

  const show = useCallback(
    (message: string, tone: Toast['tone']) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-2), { id, message, tone }]);
      window.setTimeout(() => dismiss(id), toastLifetimeMs);
    },
    [dismiss],
  );
  const showError = useCallback((reason: unknown) => show(toAppError(reason).message, 'error'), [show]);
  const showSuccess = useCallback((message: string) => show(message, 'ok'), [show]);

  // A failed call nobody handled still reaches the user as a readable message.
  useEffect(() => {
    const onRejection = (event: PromiseRejectionEvent) => {
      event.preventDefault();
      showError(event.reason);
    };
    window.addEventListener('unhandledrejection', onRejection);
    return () => window.removeEventListener('unhandledrejection', onRejection);
  }, [showError]);

  const api = useMemo(() => ({ toasts, showError, showSuccess, dismiss }), [toasts, showError, showSuccess, dismiss]);
  return <ToastContext.Provider value={api}>{children}</ToastContext.Provider>;
}

export function useToasts(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToasts must be used inside <ToastProvider>');
  return api;
}

/**
 * The showError of the nearest <ToastProvider>; outside one (a page rendered
 * alone in a test) the message goes to the console instead.
 */
export function useShowError(): (reason: unknown) => void {
  const api = useContext(ToastContext);
  return api?.showError ?? logError;
}

function logError(reason: unknown) {
  console.warn(toAppError(reason).message);
}

/** The showSuccess of the nearest <ToastProvider>; outside one, a no-op. */
export function useShowSuccess(): (message: string) => void {
  const api = useContext(ToastContext);
  return api?.showSuccess ?? ignore;
}

function ignore() {}
