// `make screenshots`: Discover, an app's page, Installed and Admin from the
// real window (the production binary under Xvfb), at 800×600 and 1280×800,
// in the light and the dark theme, into docs/screenshots/ (or the folder
// given as the first argument). discover.png, the README's, is Discover at
// 1280×800 in the light theme.
//
// The window is driven as a person would with the keyboard: Alt+1… open the
// sidebar's pages, Ctrl+K and the arrow keys open an app. The theme is the
// one stored in Settings (the settings table), set before each start.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  artifactPath,
  cleanupAll,
  initAccount,
  productionBinary,
  regionStats,
  requireDbus,
  run,
  screenshotRoot,
  sha256File,
  startApp,
  startXvfb,
  tempDataDir,
  windowGeometry,
} from './harness.mjs';

const outDir = path.resolve(process.argv[2] ?? 'docs/screenshots');
const sizes = [
  [1280, 800],
  [800, 600],
];
const themes = ['light', 'dark'];
const SETTLE_MS = 15_000;

async function xdotool(display, args) {
  const r = await run('xdotool', args, { env: { ...process.env, DISPLAY: display } });
  if (r.code !== 0) throw new Error(`xdotool ${args.join(' ')} failed: ${r.stderr}`);
}

/** Stores the theme in the data directory's settings, as Settings → Appearance does. */
async function storeTheme(dataDir, theme) {
  const sql = `INSERT INTO settings (key, value, updated_at) VALUES ('theme', '${theme}', strftime('%Y-%m-%dT%H:%M:%SZ'))
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;`;
  const r = await run('sqlite3', [path.join(dataDir, 'marketdesk.db'), sql]);
  if (r.code !== 0) throw new Error(`sqlite3 failed (apt-get install sqlite3): ${r.stderr}`);
}

/** Waits until the window's picture stops changing, then saves it to file. */
async function shootWindow(display, windowId, file) {
  const screen = artifactPath('screenshots-root.png');
  const geometry = await windowGeometry(display, windowId);
  let previous = '';
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    await sleep(700);
    await screenshotRoot(display, screen);
    await regionStats(screen, geometry, file);
    const hash = await sha256File(file);
    if (hash === previous || Date.now() > deadline) break;
    previous = hash;
  }
  const stats = await regionStats(file, { x: 0, y: 0, width: geometry.width, height: geometry.height });
  if (stats.colors < 16) throw new Error(`${file} looks blank (${stats.colors} colours)`);
  console.log(`${path.relative(process.cwd(), file)} ${geometry.width}x${geometry.height}`);
}

const pages = [
  { name: 'discover', keys: [['key', 'alt+1']] },
  {
    name: 'detail',
    keys: [
      ['key', 'alt+1'],
      ['key', 'ctrl+k'],
      ['type', 'Tidepool Notes'],
      ['wait', 1500],
      ['key', 'Down'],
      ['key', 'Return'],
    ],
  },
  { name: 'installed', keys: [['key', 'alt+2']] },
  { name: 'admin', keys: [['key', 'alt+4']] },
];

async function main() {
  requireDbus();
  mkdirSync(outDir, { recursive: true });
  const dataDir = tempDataDir('marketdesk-screenshots-');
  await initAccount(productionBinary, dataDir); // the owner: Admin is in the sidebar
  const xvfb = await startXvfb({ name: 'screenshots-xvfb' });
  for (const theme of themes) {
    await storeTheme(dataDir, theme);
    const app = await startApp({ binary: productionBinary, dataDir, display: xvfb.display, name: `screenshots-app-${theme}` });
    for (const [width, height] of sizes) {
      await xdotool(xvfb.display, ['windowmove', '--sync', app.windowId, 0, 0]);
      await xdotool(xvfb.display, ['windowsize', '--sync', app.windowId, width, height]);
      await xdotool(xvfb.display, ['windowfocus', '--sync', app.windowId]);
      for (const p of pages) {
        for (const [kind, arg] of p.keys) {
          if (kind === 'wait') await sleep(arg);
          else if (kind === 'type') await xdotool(xvfb.display, ['type', '--delay', '40', arg]);
          else await xdotool(xvfb.display, ['key', '--clearmodifiers', arg]);
          await sleep(250);
        }
        await shootWindow(xvfb.display, app.windowId, path.join(outDir, `${p.name}-${width}x${height}-${theme}.png`));
      }
    }
    await app.stop();
  }
  copyFileSync(path.join(outDir, 'discover-1280x800-light.png'), path.join(outDir, 'discover.png'));
}

try {
  await main();
} finally {
  await cleanupAll();
}
