import { About, StartupProblem } from '../../wailsjs/go/system/Service';
import type { system } from '../../wailsjs/go/models';
import { requireBridge } from './bridge';
import { call } from './errors';

export type AboutInfo = system.About;
export type KeychainStatus = system.KeychainStatus;

/** Version, data location, schema and keychain state of this installation. */
export function getAbout(): Promise<AboutInfo> {
  return call(() => {
    requireBridge();
    return About();
  });
}

/** "" when the data directory opened; otherwise why Marketdesk cannot work. */
export function getStartupProblem(): Promise<string> {
  return call(() => {
    requireBridge();
    return StartupProblem();
  });
}
