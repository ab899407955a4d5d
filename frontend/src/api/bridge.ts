import { strings } from '../i18n';
import { AppError } from './errors';

/**
 * Fails with a clear AppError when the page runs outside Wails (a plain
 * browser tab), instead of a TypeError from deep inside the bindings.
 */
export function requireBridge(): void {
  const go = (window as { go?: unknown }).go;
  if (!go) throw new AppError('unavailable', strings.errors.bridgeMissing);
}
