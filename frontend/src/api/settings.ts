import { SetTheme, Theme } from '../../wailsjs/go/settings/Service';
import { requireBridge } from './bridge';
import { call } from './errors';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** The theme chosen in Settings (stored in the settings table). */
export function getTheme(): Promise<ThemeChoice> {
  return call(async () => {
    requireBridge();
    return (await Theme()) as ThemeChoice;
  });
}

export function setTheme(theme: ThemeChoice): Promise<void> {
  return call(() => {
    requireBridge();
    return SetTheme(theme);
  });
}
