// The production binary as a person starts it: the real WebKitGTK window
// under Xvfb paints the UI, and a second launch on the same data directory
// hands over to the first window instead of opening another.
//
// Builds nothing: MARKETDESK_BINARY (default build/bin/marketdesk).
// MARKETDESK_SCREENSHOT_OUT=<file.png> also copies the window screenshot there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  artifactPath,
  awaitPainted,
  clampToScreen,
  cleanupAll,
  findAppWindows,
  initAccount,
  logTail,
  PAINTED,
  productionBinary,
  regionStats,
  requireDbus,
  sha256File,
  screenshotRoot,
  spawnApp,
  startApp,
  startXvfb,
  tempDataDir,
  windowGeometry,
} from './harness.mjs';

const PAINT_TIMEOUT_MS = 20_000;
// The first sync of the embedded catalog and the icons take a few seconds to
// arrive: wait until consecutive screenshots are identical (or this long).
const SETTLE_TIMEOUT_MS = 20_000;
const SETTLE_MIN_MS = 3_000;

let xvfb;
let app;
let dataDir;

before(async () => {
  requireDbus();
  dataDir = tempDataDir('marketdesk-e2e-desktop-');
  // With an account the window opens on Discover (the README screenshot), not on the Welcome form.
  await initAccount(productionBinary, dataDir);
  xvfb = await startXvfb({ name: 'desktop-xvfb' });
  app = await startApp({ binary: productionBinary, dataDir, display: xvfb.display, name: 'desktop-app' });
});

after(async () => {
  await cleanupAll();
});

test('the window paints the UI', async () => {
  const shot = artifactPath('desktop-smoke.png');
  const windowShot = artifactPath('desktop-smoke-window.png');
  const geometry = clampToScreen(await windowGeometry(xvfb.display, app.windowId));
  assert.ok(geometry.width >= 800 && geometry.height >= 600, `window is ${JSON.stringify(geometry)}, smaller than its 800x600 minimum`);

  // Poll until the web view has painted something richer than a blank surface.
  const stats = await awaitPainted({ display: xvfb.display, geometry, shot, windowShot, timeoutMs: PAINT_TIMEOUT_MS });

  // Let the catalog and its icons finish loading: the screenshot is the README's.
  if (stats.colors >= PAINTED.colors) {
    const paintedAt = Date.now();
    let previous = await sha256File(windowShot);
    for (;;) {
      await sleep(1000);
      await screenshotRoot(xvfb.display, shot);
      await regionStats(shot, geometry, windowShot);
      const hash = await sha256File(windowShot);
      const settled = hash === previous && Date.now() - paintedAt >= SETTLE_MIN_MS;
      previous = hash;
      if (settled || Date.now() - paintedAt > SETTLE_TIMEOUT_MS) break;
    }
  }

  const why = `window ${geometry.width}x${geometry.height}+${geometry.x}+${geometry.y} has ${stats.colors} colours, stddev ${stats.stddev}; see ${shot}. App log:\n${logTail(app.logFile)}`;
  assert.ok(stats.colors >= PAINTED.colors, `the window did not paint within ${PAINT_TIMEOUT_MS / 1000} s: ${why}`);
  assert.ok(stats.stddev >= PAINTED.stddev, `the window looks flat: ${why}`);

  const out = process.env.MARKETDESK_SCREENSHOT_OUT;
  if (out) {
    const dest = path.resolve(out);
    mkdirSync(path.dirname(dest), { recursive: true });
    copyFileSync(windowShot, dest);
  }
});

test('a second launch with the same data directory exits and leaves one window', async () => {
  const second = await spawnApp({ binary: productionBinary, dataDir, display: xvfb.display, name: 'desktop-app-second' });
  // ref: false, so the 15 s timer does not keep the test process alive once the race is decided.
  const result = await Promise.race([second.exited, sleep(15_000, null, { ref: false })]);
  if (!result) {
    await second.stop();
    assert.fail(`the second instance was still running after 15 s. Its log:\n${logTail(second.logFile)}`);
  }
  assert.equal(result.signal, null, `the second instance was killed by ${result.signal}`);
  assert.equal(result.code, 1, `the second instance exited with code ${result.code}, want 1 (handed over). Its log:\n${logTail(second.logFile)}`);

  assert.equal(app.child.exitCode, null, `the first instance exited. Its log:\n${logTail(app.logFile)}`);
  const windows = await findAppWindows(xvfb.display);
  assert.equal(windows.length, 1, `want exactly one visible "Marketdesk" window, found ${windows.length}: ${windows.join(' ')}`);
});
