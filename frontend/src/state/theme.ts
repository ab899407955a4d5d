import type { ThemeChoice } from '../api/settings';

const darkQuery = '(prefers-color-scheme: dark)';
const choices: readonly string[] = ['system', 'light', 'dark'];

function systemIsDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(darkQuery).matches;
}

/**
 * Shows the window in a theme: <html data-theme-choice> is the choice,
 * <html data-theme> the light or dark it means now (theme.css reads it).
 * The Go-served /theme.js did this before the first paint; this applies a
 * change from Settings at once.
 */
export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  root.dataset.themeChoice = choice;
  root.dataset.theme = choice === 'dark' || (choice === 'system' && systemIsDark()) ? 'dark' : 'light';
}

/** The choice the window opened with (set by /theme.js), else system. */
export function currentThemeChoice(): ThemeChoice {
  const choice = document.documentElement.dataset.themeChoice ?? '';
  return choices.includes(choice) ? (choice as ThemeChoice) : 'system';
}

/** While the choice is system, follows the OS switching between light and dark. */
export function followSystemTheme(): () => void {
  if (typeof window.matchMedia !== 'function') return () => {};
  const media = window.matchMedia(darkQuery);
  const onChange = () => {
    if (currentThemeChoice() === 'system') applyTheme('system');
  };
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}
