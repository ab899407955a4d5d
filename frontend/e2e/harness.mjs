// End-to-end harness for Marketdesk: a private X server (Xvfb), the real app
// binary (dev build serving the UI to a browser, or the production window),
// and Chromium driven by playwright-core.
//
// Plain ESM on Node 20 built-ins + playwright-core; no compile step.
// Run inside a private D-Bus session with an unlocked gnome-keyring (see
// README.md / `make e2e`): the app needs D-Bus for its single-instance lock
// and for the keychain. The harness never starts D-Bus itself.
//
// Every process it starts is spawned as the leader of its own process group
// (WebKitGTK forks WebKitWebProcess / WebKitNetworkProcess children) and is
// registered for cleanup: cleanupAll() from an after() hook, and a synchronous
// SIGKILL of every remaining group when the test process exits for any reason.

import { spawn, execFile } from 'node:child_process';
import {
  chmodSync, chownSync, closeSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Repository root (…/frontend/e2e → …). */
export const repoRoot = path.resolve(here, '..', '..');
/** Logs and screenshots; git-ignored. */
export const artifactsDir = path.join(here, 'artifacts');

/** Production binary: MARKETDESK_BINARY or build/bin/marketdesk. */
export const productionBinary = path.resolve(
  repoRoot,
  process.env.MARKETDESK_BINARY || path.join('build', 'bin', 'marketdesk'),
);
/** Dev binary (live Go bindings over the Wails dev server): MARKETDESK_DEV_BINARY or build/dev/marketdesk-dev. */
export const devBinary = path.resolve(
  repoRoot,
  process.env.MARKETDESK_DEV_BINARY || path.join('build', 'dev', 'marketdesk-dev'),
);
/** The built frontend the dev binary serves (Wails `assetdir`). */
export const frontendDist = path.join(repoRoot, 'frontend', 'dist');

export const CHROMIUM = process.env.MARKETDESK_CHROMIUM || '/usr/bin/chromium';
// Debian's ImageMagick; /usr/local/bin/convert on the CI image is not ImageMagick.
export const CONVERT = '/usr/bin/convert';
export const IMPORT = '/usr/bin/import';

/**
 * Environment for WebKitGTK under Xvfb.
 *
 * Measured on the CI image (Debian 12, WebKitGTK 2.50.6 / webkit2gtk-4.1, Xvfb,
 * root, no /dev/dri, Wails WebviewGpuPolicyOnDemand): NOTHING is needed. WebKit
 * finds no DRM render node, falls back to shared-memory buffers by itself, and
 * the window paints within ~1 s. So by default the harness sets nothing, and
 * the smoke test exercises the same rendering path a person's machine takes.
 *
 * MARKETDESK_E2E_SAFE_WEBKIT=1 adds the usual escape hatches, for machines where
 * the window stays blank (older WebKitGTK, a GPU/GBM device visible in a container):
 * - WEBKIT_DISABLE_DMABUF_RENDERER=1: no DMA-BUF buffers from a GBM device
 *   (2.42+ renders through them; with a broken device the view stays blank);
 * - WEBKIT_DISABLE_COMPOSITING_MODE=1: no accelerated compositing (needs EGL/GLX);
 * - LIBGL_ALWAYS_SOFTWARE=1: any GL that is still touched goes to llvmpipe.
 * Variables already set in the caller's environment are passed through and win.
 */
export const webkitEnv =
  process.env.MARKETDESK_E2E_SAFE_WEBKIT === '1'
    ? { WEBKIT_DISABLE_DMABUF_RENDERER: '1', WEBKIT_DISABLE_COMPOSITING_MODE: '1', LIBGL_ALWAYS_SOFTWARE: '1' }
    : {};

// ---------------------------------------------------------------------------
// cleanup

const live = new Map(); // pid → { name, child }
const closers = new Set(); // async () => void (browsers)
const tempDirs = new Set(); // data directories made by tempDataDir()

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops one process group: SIGTERM, then SIGKILL after graceMs. */
export async function stopProcess(child, graceMs = 3000) {
  if (!child?.pid) return;
  const pid = child.pid;
  live.delete(pid);
  if (!groupAlive(pid) && child.exitCode !== null) return;
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pid)) await sleep(50);
  if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
  const end = Date.now() + 2000;
  while (Date.now() < end && groupAlive(pid)) await sleep(50);
}

/** Closes browsers, kills every process group started here, removes temp dirs. Safe to call twice. */
export async function cleanupAll() {
  for (const close of [...closers]) {
    closers.delete(close);
    try {
      await close();
    } catch {
      // best effort: the process kill below is the backstop
    }
  }
  // Apps before the X server they draw on.
  const entries = [...live.values()].reverse();
  for (const { child } of entries) await stopProcess(child);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function killAllSync() {
  for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killAllSync();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 })[sig]);
  });
}

/** Registers an async closer run by cleanupAll(). Returns a function that runs it now. */
export function onCleanup(close) {
  closers.add(close);
  return async () => {
    if (closers.delete(close)) await close();
  };
}

// ---------------------------------------------------------------------------
// small helpers

export function artifactPath(name) {
  mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, name);
}

/** Last n lines of a log file, indented, for error messages. */
export function logTail(file, n = 40) {
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    return lines.slice(-n).map((l) => '    | ' + l).join('\n');
  } catch {
    return '    (no log)';
  }
}

/** A fresh temporary data directory, removed by cleanupAll() (or at exit). */
export function tempDataDir(prefix = 'marketdesk-e2e-') {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.add(dir); // removed by cleanupAll() after the processes using it are gone
  return dir;
}

export function sha256File(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; resolves {code, signal, stdout, stderr}. Rejects only when it cannot start. */
export function run(cmd, args, { env = process.env, timeoutMs = 30_000, fixHint, cwd } = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env, cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'buffer' }, (err, stdout, stderr) => {
      if (err && err.code === 'ENOENT') {
        reject(new Error(`${cmd} not found${fixHint ? ': ' + fixHint : ''}`));
        return;
      }
      resolve({
        code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
        signal: err?.signal ?? null,
        killed: Boolean(err?.killed),
        stdout,
        stderr,
        text: stdout.toString('utf8'),
      });
    });
  });
}

function requireFile(file, what, fix) {
  if (!existsSync(file)) throw new Error(`${what} not found at ${file}: ${fix}`);
}

/** Fails with a readable message unless a D-Bus session bus is configured. */
export function requireDbus() {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      'DBUS_SESSION_BUS_ADDRESS is not set: Marketdesk needs a D-Bus session (single-instance lock, keychain). ' +
        "Run the suite through `make e2e`, or: dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock " +
        "--components=secrets >/dev/null; node --test --test-concurrency=1 frontend/e2e/'",
    );
  }
}

// Spawns cmd as a process-group leader with stdout+stderr into logFile; registers it for cleanup.
function spawnLogged(name, cmd, args, { env, logFile, extraStdio = [], fix, append = false }) {
  const fd = openSync(logFile, append ? 'a' : 'w');
  const child = spawn(cmd, args, { env, detached: true, stdio: ['ignore', fd, fd, ...extraStdio] });
  closeSync(fd);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const started = new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) => {
      reject(
        err.code === 'ENOENT'
          ? new Error(`${name}: ${cmd} not found${fix ? ': ' + fix : ''}`)
          : new Error(`${name}: cannot start ${cmd}: ${err.message}`),
      );
    });
  });
  if (child.pid) live.set(child.pid, { name, child });
  return { child, exited, started };
}

/** The owner initAccount() creates. */
export const testOwner = { account: 'Acme', name: 'Olive Owner', email: 'olive@acme.example' };

/**
 * Creates the account in dataDir with the binary's CLI (`init`), so a test
 * about something else opens on the shell rather than the Welcome form.
 * Run it before the app starts.
 */
export async function initAccount(binary, dataDir, owner = testOwner) {
  const r = await run(binary, ['init', '--account', owner.account, '--name', owner.name, '--email', owner.email, '--data-dir', dataDir], {
    timeoutMs: 60_000,
  });
  if (r.code !== 0) {
    throw new Error(`${path.basename(binary)} init exited ${r.code}: ${r.stderr.toString()}${r.text}`);
  }
  return owner;
}

// ---------------------------------------------------------------------------
// Xvfb

/**
 * Starts a private X server on a free display (Xvfb picks it: -displayfd).
 * Returns {display: ':N', env: {DISPLAY}, stop()}.
 */
export async function startXvfb({ screen = '1440x900x24', timeoutMs = 15_000, name = 'xvfb' } = {}) {
  const logFile = artifactPath(`${name}.log`);
  const { child, exited, started } = spawnLogged(
    'Xvfb',
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', screen, '-nolisten', 'tcp', '-noreset'],
    { env: process.env, logFile, extraStdio: ['pipe'], fix: 'apt-get install xvfb' },
  );
  await started;
  const displayNo = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new Error(`Xvfb did not report a display within ${timeoutMs} ms:\n${logTail(logFile)}`)),
      timeoutMs,
    );
    child.stdio[3].on('data', (d) => {
      buf += d.toString();
      const m = buf.match(/^(\d+)\n/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (code ${code}, signal ${signal}) before it was ready:\n${logTail(logFile)}`));
    });
  });
  child.stdio[3].destroy();
  const display = ':' + displayNo;
  return {
    display,
    env: { DISPLAY: display },
    child,
    stop: () => stopProcess(child),
  };
}

// ---------------------------------------------------------------------------
// the app

function appEnv({ dataDir, display, dev, port, extraEnv }) {
  const env = { ...webkitEnv, ...process.env, MARKETDESK_HOME: dataDir, DISPLAY: display };
  // The app must not find a display or home from the outer session by accident.
  delete env.WAYLAND_DISPLAY;
  delete env.assetdir;
  delete env.devserver;
  delete env.frontenddevserverurl;
  if (dev) {
    env.assetdir = frontendDist;
    env.devserver = `127.0.0.1:${port}`;
  }
  return { ...env, ...extraEnv };
}

/**
 * Spawns the app without waiting for anything (e.g. a second instance).
 * Returns {child, exited: Promise<{code, signal}>, logFile, stop()}.
 */
export async function spawnApp({ binary, dataDir, display, dev = false, port, name = 'app', extraEnv = {} }) {
  requireDbus();
  if (!display) throw new Error('spawnApp: no display; call startXvfb() first');
  requireFile(
    binary,
    dev ? 'Marketdesk dev binary' : 'Marketdesk production binary',
    dev
      ? 'build it with `go build -tags dev,webkit2_41 -o build/dev/marketdesk-dev .` (or set MARKETDESK_DEV_BINARY)'
      : 'build it with `go build -tags desktop,production,webkit2_41 -o build/bin/marketdesk .` (or set MARKETDESK_BINARY)',
  );
  if (dev) requireFile(path.join(frontendDist, 'index.html'), 'the built frontend', 'run `cd frontend && npm run build`');
  const logFile = artifactPath(`${name}.log`);
  const { child, exited, started } = spawnLogged(name, binary, [], {
    env: appEnv({ dataDir, display, dev, port, extraEnv }),
    logFile,
  });
  await started;
  return { child, exited, logFile, stop: () => stopProcess(child) };
}

/**
 * Starts the app and waits until it is usable:
 * dev → the Wails dev server answers HTTP at http://127.0.0.1:port/;
 * production → a window named "Marketdesk" exists on the display.
 * Returns {child, exited, logFile, url?, windowId?, stop()}.
 */
export async function startApp({ binary, dataDir, display, dev = false, port, name, timeoutMs = 60_000, extraEnv }) {
  if (dev && !port) port = await freePort();
  name ??= dev ? 'app-dev' : 'app';
  const app = await spawnApp({ binary, dataDir, display, dev, port, name, extraEnv });
  let exitInfo = null;
  app.exited.then((e) => (exitInfo = e));
  const fail = (what) =>
    new Error(`Marketdesk (${path.basename(binary)}) ${what}. Last lines of ${app.logFile}:\n${logTail(app.logFile)}`);
  const deadline = Date.now() + timeoutMs;

  if (dev) {
    const url = `http://127.0.0.1:${port}/`;
    for (;;) {
      if (exitInfo) throw fail(`exited (code ${exitInfo.code}, signal ${exitInfo.signal}) before its dev server answered at ${url}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await app.stop();
        throw fail(`did not serve ${url} within ${timeoutMs / 1000} s`);
      }
      await sleep(250);
    }
    return { ...app, url, port };
  }

  // production: wait for the top-level window
  const env = { ...process.env, DISPLAY: display };
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      await app.stop();
      throw fail(`opened no window named "Marketdesk" on ${display} within ${timeoutMs / 1000} s`);
    }
    const r = await run('xdotool', ['search', '--sync', '--onlyvisible', '--name', '^Marketdesk$'], {
      env,
      timeoutMs: Math.min(remaining, 2000),
      fixHint: 'apt-get install xdotool',
    });
    const ids = r.text.split('\n').filter(Boolean);
    if (r.code === 0 && ids.length) return { ...app, windowId: ids[0] };
    if (exitInfo) throw fail(`exited (code ${exitInfo.code}, signal ${exitInfo.signal}) before its window appeared`);
  }
}

/** Visible top-level windows named exactly "Marketdesk" on display. */
export async function findAppWindows(display) {
  const r = await run('xdotool', ['search', '--onlyvisible', '--name', '^Marketdesk$'], {
    env: { ...process.env, DISPLAY: display },
    fixHint: 'apt-get install xdotool',
  });
  return r.text.split('\n').filter(Boolean);
}

/** {x, y, width, height} of an X window. */
export async function windowGeometry(display, windowId) {
  const r = await run('xdotool', ['getwindowgeometry', '--shell', String(windowId)], {
    env: { ...process.env, DISPLAY: display },
    fixHint: 'apt-get install xdotool',
  });
  if (r.code !== 0) throw new Error(`xdotool getwindowgeometry ${windowId} failed: ${r.stderr}`);
  const v = Object.fromEntries(
    r.text
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => l.split('=')),
  );
  return { x: Number(v.X), y: Number(v.Y), width: Number(v.WIDTH), height: Number(v.HEIGHT) };
}

/** Screenshot of the whole X screen into file (ImageMagick import). */
export async function screenshotRoot(display, file) {
  requireFile(IMPORT, 'ImageMagick import', 'apt-get install imagemagick');
  const r = await run(IMPORT, ['-window', 'root', file], { env: { ...process.env, DISPLAY: display } });
  if (r.code !== 0) throw new Error(`import -window root failed (code ${r.code}): ${r.stderr}`);
  return file;
}

/**
 * Colour statistics of a region of a PNG: {colors, stddev (0..1)}.
 * Optionally writes the cropped region to cropOut.
 */
export async function regionStats(file, { x, y, width, height }, cropOut) {
  requireFile(CONVERT, 'ImageMagick convert', 'apt-get install imagemagick');
  const crop = `${width}x${height}+${x}+${y}`;
  const r = await run(CONVERT, [file, '-crop', crop, '+repage', '-format', '%k %[fx:standard_deviation]\n', 'info:']);
  if (r.code !== 0) throw new Error(`convert -crop ${crop} failed (code ${r.code}): ${r.stderr}`);
  const [colors, stddev] = r.text.trim().split(/\s+/).map(Number);
  if (cropOut) {
    const c = await run(CONVERT, [file, '-crop', crop, '+repage', cropOut]);
    if (c.code !== 0) throw new Error(`convert -crop ${crop} ${cropOut} failed: ${c.stderr}`);
  }
  return { colors, stddev };
}

/** A window's region clamped to the Xvfb screen (a window may hang off its edge). */
export function clampToScreen(g, screen = { width: 1440, height: 900 }) {
  const x = Math.max(0, g.x);
  const y = Math.max(0, g.y);
  return { x, y, width: Math.min(g.width, screen.width - x), height: Math.min(g.height, screen.height - y) };
}

/** A painted window has at least this many colours and this spread (of 1.0); a blank one has ~1 and ~0. */
export const PAINTED = { colors: 16, stddev: 0.02 };

/**
 * Screenshots the display into shot until the window's region looks painted
 * (PAINTED) or timeoutMs passes; returns the region's last {colors, stddev}
 * and writes the region to windowShot.
 */
export async function awaitPainted({ display, geometry, shot, windowShot, timeoutMs = 20_000 }) {
  let stats = { colors: 0, stddev: 0 };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await screenshotRoot(display, shot);
    stats = await regionStats(shot, geometry);
    if ((stats.colors >= PAINTED.colors && stats.stddev >= PAINTED.stddev) || Date.now() > deadline) break;
    await sleep(500);
  }
  await regionStats(shot, geometry, windowShot);
  return stats;
}

// ---------------------------------------------------------------------------
// the browser

/** Chromium via playwright-core; closed by cleanupAll(). */
export async function launchBrowser() {
  requireFile(CHROMIUM, 'Chromium', 'apt-get install chromium (or set MARKETDESK_CHROMIUM)');
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    throw new Error(`playwright-core is not installed (${err.message}): run \`cd frontend && npm ci\``);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Headless: no display needed for the browser itself.
    headless: true,
    args: [
      '--no-sandbox', // root in a container: Chromium's sandbox cannot start
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  onCleanup(() => browser.close());
  return browser;
}

/**
 * Known noise that is not Marketdesk's: matched narrowly (message + the file it
 * was thrown from) so that anything else still fails the test.
 * - Wails v2.15's dev-mode /wails/ipc.js mounts its "disconnected" overlay with
 *   `new Overlay({target: document.body})`, a Svelte 4 call, on a component
 *   compiled with Svelte 5 (components are functions there), which throws
 *   "Cannot read properties of null (reading 'nodes')" on DOMContentLoaded
 *   (same failure as sveltejs/svelte#13991). Dev server only: the production
 *   window loads a different ipc.js. The IPC itself works.
 */
export const knownPageErrors = [
  { why: 'Wails v2 dev ipc.js overlay (Svelte 5 component created with new)', message: /reading 'nodes'\)/, from: /\/wails\/ipc\.js:/ },
  // The dev bridge opens its websocket before runtime.js defines window.wails,
  // and Go may emit an event (a desktop connecting by its policy file at
  // start) in between. The real window injects its runtime first; there, as
  // here, an event that comes before the page listens is dropped, and the
  // page asks for the current state when it loads.
  { why: 'Wails v2 dev ipc.js: an event before runtime.js has loaded', message: /reading 'EventsNotify'\)/, from: /\/wails\/ipc\.js:/ },
];

/**
 * The dev binary on its own X server, and a Chromium page on its UI: what
 * most browser suites start with. contextOptions go to browser.newContext
 * (viewport, reducedMotion, bypassCSP). Returns {app, browser, context,
 * page, errors}, with the page loaded and its errors collected.
 */
export async function openDevPage({ name, dataDir, extraEnv, contextOptions = { viewport: { width: 1280, height: 800 } } }) {
  const xvfb = await startXvfb({ name: `${name}-xvfb` });
  const app = await startApp({ binary: devBinary, dataDir, display: xvfb.display, dev: true, name: `${name}-app-dev`, extraEnv });
  const browser = await launchBrowser();
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(app.url, { waitUntil: 'load' });
  return { app, browser, context, page, errors };
}

/**
 * Collects page errors and console errors of a page.
 * Returns an array that fills as errors arrive; known noise from Wails' own dev
 * runtime (knownPageErrors) goes to the array's `ignored` property instead.
 */
export function collectPageErrors(page) {
  const errors = [];
  // Not enumerable, so assert.deepEqual(errors, []) only looks at the real ones.
  Object.defineProperty(errors, 'ignored', { value: [], enumerable: false });
  page.on('pageerror', (err) => {
    const text = `pageerror: ${err.stack || err.message}`;
    const firstFrame = (err.stack || '').split('\n').find((l) => /^\s+at /.test(l)) || '';
    const known = knownPageErrors.find((k) => k.message.test(err.message) && k.from.test(firstFrame));
    (known ? errors.ignored : errors).push(text);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      errors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  return errors;
}

/** Saves a light and a dark screenshot of a page, in artifacts/. */
export async function shootThemes(page, name, { fullPage = false } = {}) {
  await page.screenshot({ path: artifactPath(`${name}.png`), fullPage });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: artifactPath(`${name}-dark.png`), fullPage });
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * A $BROWSER command for the app that records the URLs it opens in the
 * "system browser" (the app runs `$BROWSER <url>`). Pass env to startApp's
 * extraEnv; next() waits for the next URL. logName names the app's log, for
 * the error message.
 */
export function browserHook(dataDir, logName) {
  const urlsFile = path.join(dataDir, 'browser-urls.txt');
  const script = path.join(dataDir, 'browser.sh');
  writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${urlsFile}'\n`);
  chmodSync(script, 0o755);
  let consumed = 0;
  return {
    env: { BROWSER: script },
    async next(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const lines = existsSync(urlsFile) ? readFileSync(urlsFile, 'utf8').split('\n').filter(Boolean) : [];
        if (lines.length > consumed) return lines[consumed++];
        await sleep(100);
      }
      throw new Error(`the app opened no browser within ${timeoutMs / 1000} s:\n${logTail(artifactPath(`${logName}.log`))}`);
    },
  };
}

// ---------------------------------------------------------------------------
// an organization: private PostgreSQL, the dev identity provider, the server

/** PostgreSQL's programs: MARKETDESK_PG_BIN, else Debian's 15, else the newest Debian major (as scripts/pg-session.sh). */
export function postgresBin() {
  if (process.env.MARKETDESK_PG_BIN) return process.env.MARKETDESK_PG_BIN;
  const preferred = '/usr/lib/postgresql/15/bin';
  if (existsSync(path.join(preferred, 'initdb'))) return preferred;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(root, majors[0], 'bin') : preferred;
}

// PostgreSQL refuses to run as root: as root, its programs run as the postgres user.
function asPostgresOwner(cmd, args) {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

/**
 * A private PostgreSQL cluster, like scripts/pg-session.sh: initdb in a temp
 * directory, a unix socket there and no TCP port, trust authentication,
 * fsync off. The postmaster runs in the foreground as a process group of
 * ours, so cleanupAll() and the exit handler stop it like any other process.
 * Returns {url, dir, stop()}.
 */
export async function startPostgres({ name = 'postgres', timeoutMs = 30_000 } = {}) {
  const bin = postgresBin();
  requireFile(path.join(bin, 'initdb'), 'PostgreSQL initdb', 'scripts/deps.sh test installs postgresql (or set MARKETDESK_PG_BIN)');
  const dir = tempDataDir('marketdesk-e2e-pg-');
  if (process.getuid?.() === 0) chownSync(dir, ...postgresIds());
  const data = path.join(dir, 'data');
  const [initCmd, initArgs] = asPostgresOwner(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const init = await run(initCmd, initArgs, { timeoutMs: 120_000 });
  if (init.code !== 0) throw new Error(`initdb exited ${init.code}: ${init.stderr}${init.text}`);

  const logFile = artifactPath(`${name}.log`);
  const opts = ['-D', data, '-c', "listen_addresses=", '-c', `unix_socket_directories=${dir}`, '-c', 'max_connections=100',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const [cmd, args] = asPostgresOwner(path.join(bin, 'postgres'), opts);
  const { child, exited, started } = spawnLogged(name, cmd, args, { env: process.env, logFile });
  await started;
  let exitInfo = null;
  exited.then((e) => (exitInfo = e));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitInfo) throw new Error(`PostgreSQL exited (code ${exitInfo.code}) before it was ready:\n${logTail(logFile)}`);
    const ready = await run(path.join(bin, 'pg_isready'), ['-h', dir, '-U', 'postgres', '-q'], { timeoutMs: 5_000 });
    if (ready.code === 0) break;
    if (Date.now() > deadline) throw new Error(`PostgreSQL was not ready within ${timeoutMs / 1000} s:\n${logTail(logFile)}`);
    await sleep(200);
  }
  return { url: `postgres:///postgres?host=${dir}&user=postgres&sslmode=disable`, dir, stop: () => stopProcess(child) };
}

function postgresIds() {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root but there is no postgres user: scripts/deps.sh test installs postgresql');
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}

/**
 * Builds the organization server and the dev identity provider without cgo
 * (as `make server`) into a temp directory. Returns {server, devidp} paths.
 */
export async function buildOrgBinaries() {
  const dir = tempDataDir('marketdesk-e2e-orgbin-');
  const r = await run('go', ['build', '-trimpath', '-o', dir + path.sep, './cmd/marketdesk-server', './cmd/marketdesk-devidp'], {
    env: { ...process.env, CGO_ENABLED: '0' },
    timeoutMs: 600_000,
    cwd: repoRoot,
    fixHint: 'install Go (scripts/deps.sh)',
  });
  if (r.code !== 0) throw new Error(`go build of the organization server failed (code ${r.code}):\n${r.stderr}${r.text}`);
  return { server: path.join(dir, 'marketdesk-server'), devidp: path.join(dir, 'marketdesk-devidp') };
}

// Polls url until it answers 2xx, the process exits, or the time is up.
async function waitHttpOk(url, { exitedRef, logFile, what, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitedRef()) throw new Error(`${what} exited (code ${exitedRef().code}) before ${url} answered:\n${logTail(logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s:\n${logTail(logFile)}`);
    await sleep(150);
  }
}

// Spawns a loopback HTTP process and waits for probeUrl; returns {child, stop()}.
// append: a restarted server keeps the log of its first life.
async function startHttpProcess(name, cmd, args, { env = process.env, probeUrl, timeoutMs = 30_000, append = false }) {
  const logFile = artifactPath(`${name}.log`);
  const { child, exited, started } = spawnLogged(name, cmd, args, { env, logFile, append });
  await started;
  let exitInfo = null;
  exited.then((e) => (exitInfo = e));
  await waitHttpOk(probeUrl, { exitedRef: () => exitInfo, logFile, what: name, timeoutMs });
  return { child, exited, logFile, stop: () => stopProcess(child) };
}

/** The people of the organization's dev identity provider (as docs/examples/devidp.json). */
export const orgPeople = {
  admin: { subject: 'ada', email: 'ada@example.org', name: 'Ada Admin', groups: ['marketdesk-admins'], password: 'ada-dev-password' },
  member: { subject: 'max', email: 'max@example.org', name: 'Max Member', groups: ['marketdesk-members'], password: 'max-dev-password' },
};

/**
 * An organization on loopback: a private PostgreSQL, the dev identity
 * provider and the organization server, each on a free port, configured like
 * docs/examples/{devidp,server-dev}.json but with no first-user owner (roles
 * come from the groups alone, whoever signs in first). Everything stops in
 * cleanupAll(). Returns {url, issuer, stopServer(), startServer(),
 * startReplica()}: the server can be stopped and started again on the same
 * address and database (the offline tests), and a second instance on its own
 * port shares the database, as a fleet behind a load balancer would — what
 * one instance records, the other's clients catch up on.
 */
export async function startOrganization({ name = 'org', testing, trustCertFile } = {}) {
  const bins = await buildOrgBinaries();
  const pg = await startPostgres({ name: `${name}-postgres` });
  const dir = tempDataDir('marketdesk-e2e-orgcfg-');
  const [idpPort, serverPort] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${idpPort}`;
  const url = `http://127.0.0.1:${serverPort}`;
  const secret = 'marketdesk-server-e2e-secret';

  const idpConfig = path.join(dir, 'devidp.json');
  writeFileSync(idpConfig, JSON.stringify({
    users: Object.values(orgPeople),
    clients: [{ id: 'marketdesk-server', secret, redirect_uris: [`${url}/auth/callback`] }],
  }, null, 2));
  const serverConfig = path.join(dir, 'server.json');
  writeFileSync(serverConfig, JSON.stringify({
    listen: `127.0.0.1:${serverPort}`,
    database_url: pg.url,
    log_level: 'info', // debug drowns the failure messages' log tails in job-queue chatter
    auth: {
      public_url: url,
      issuer,
      client_id: 'marketdesk-server',
      client_secret: secret,
      redirect_url: `${url}/auth/callback`,
      admin_groups: ['marketdesk-admins'],
      manager_groups: ['marketdesk-admins'],
      first_user_owner: false,
      account_name: 'Example Org',
    },
    ...(testing ? { testing } : {}),
  }, null, 2));

  await startHttpProcess(`${name}-devidp`, bins.devidp, ['--config', idpConfig, '--listen', `127.0.0.1:${idpPort}`], {
    probeUrl: `${issuer}/.well-known/openid-configuration`,
  });
  // Only the file configures the server: no MARKETDESK_SERVER_* from the outer environment.
  const serverEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MARKETDESK_SERVER_')));
  // A test's own TLS servers (the developer's feed and receiver): Go reads its roots from SSL_CERT_FILE.
  if (trustCertFile) serverEnv.SSL_CERT_FILE = trustCertFile;
  // One server process on serverUrl (the config's address unless listen is given); logs append after the first.
  let starts = 0;
  const startInstance = (logName, serverUrl, listen = []) =>
    startHttpProcess(logName, bins.server, ['--config', serverConfig, ...listen], {
      env: serverEnv,
      append: starts++ > 0,
      probeUrl: `${serverUrl}/readyz`,
      timeoutMs: 60_000,
    });
  let server = null;
  const startServer = async () => {
    if (server) throw new Error('the organization server is already running');
    server = await startInstance(`${name}-server`, url);
  };
  const stopServer = async () => {
    const s = server;
    server = null;
    await s?.stop();
  };
  const startReplica = async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const replica = await startInstance(`${name}-server-replica`, `http://${address}`, ['--listen', address]);
    return { url: `http://${address}`, stop: () => replica.stop() };
  };
  await startServer();
  return { url, issuer, database: pg.url, startServer, stopServer, startReplica };
}


/**
 * Signs a desktop in to the organization as a person does: on the first-run
 * screen (from: 'welcome', a fresh data directory) or in Settings →
 * Organization (from: 'settings'), the server's address and Connect, then
 * the identity provider's login form in the "system browser" (a second page
 * of the desktop's browser context, opened at the URL its $BROWSER hook
 * got). Resolves once the window says who is connected.
 */
export async function signInToOrg({ page, context, org, person, systemBrowser, logName, from = 'settings' }) {
  let form;
  if (from === 'welcome') {
    form = page.getByRole('region', { name: 'Connect to your organization' });
  } else {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    form = page.getByTestId('org-section');
  }
  await form.waitFor({ timeout: 15_000 });
  await form.getByRole('textbox', { name: 'Server address' }).fill(org.url);
  await form.getByRole('button', { name: from === 'welcome' ? 'Connect to your organization' : 'Connect' }).click();
  await form.getByText('Waiting for sign-in in your browser…').waitFor({ timeout: 15_000 });
  const url = await systemBrowser.next();
  if (!url.startsWith(`${org.url}/`)) throw new Error(`the sign-in does not start at the organization server: ${url}`);
  const login = await context.newPage();
  await signInAtProvider(login, url, org, person);
  // Back through the server to the desktop's loopback redirect.
  await login.waitForURL((u) => u.hostname === '127.0.0.1' && !u.href.startsWith(org.url) && !u.href.startsWith(org.issuer), {
    timeout: 15_000,
  });
  await login.close();
  const connected = from === 'welcome' ? page.getByTestId('me-name').filter({ hasText: person.name }) : form.getByTestId('org-me');
  await connected.waitFor({ timeout: 30_000 }).catch(() => {
    throw new Error(`the window never showed who is connected:\n${logTail(artifactPath(`${logName}.log`))}`);
  });
}

/** The dev identity provider's login form, reached from the server's authorize URL: person signs in. */
export async function signInAtProvider(page, url, org, person) {
  await page.goto(url);
  await page.waitForURL((u) => u.href.startsWith(org.issuer), { timeout: 15_000 });
  await page.getByRole('textbox', { name: 'Email or subject' }).fill(person.subject);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * An access token of the organization's API for person, got as a desktop
 * gets one (client marketdesk-desktop, PKCE S256, a loopback redirect the
 * test listens on), for what a manager does at the server itself (catalog
 * sources, notice signing secrets). browser: a launchBrowser() result; the
 * sign-in uses a context of its own.
 */
export async function orgApiToken(browser, org, person) {
  const { createServer: createHttpServer } = await import('node:http');
  const { randomBytes } = await import('node:crypto');
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  let onCode;
  const gotCode = new Promise((resolve) => (onCode = resolve));
  const listener = createHttpServer((req, res) => {
    onCode(new URL(req.url, 'http://127.0.0.1'));
    res.end('signed in');
  });
  await new Promise((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const redirect = `http://127.0.0.1:${listener.address().port}/cb`;
  const context = await browser.newContext();
  try {
    const q = new URLSearchParams({ client_id: 'marketdesk-desktop', redirect_uri: redirect, response_type: 'code',
      code_challenge: challenge, code_challenge_method: 'S256', state });
    const page = await context.newPage();
    await signInAtProvider(page, `${org.url}/oauth/authorize?${q}`, org, person);
    const back = await Promise.race([gotCode, sleep(20_000).then(() => null)]);
    if (!back?.searchParams.get('code') || back.searchParams.get('state') !== state) {
      throw new Error(`the sign-in of ${person.subject} for the API came back without a code: ${back}`);
    }
    const res = await fetch(`${org.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code'), redirect_uri: redirect,
        code_verifier: verifier, client_id: 'marketdesk-desktop' }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`POST /oauth/token answered ${res.status}: ${JSON.stringify(body)}`);
    return body.access_token;
  } finally {
    await context.close();
    listener.close();
  }
}

/** Calls the organization's API with a token; resolves the JSON answer, throws on a non-2xx. */
export async function orgApi(org, token, method, route, body) {
  const res = await fetch(`${org.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * A second keychain for a second desktop on this machine: a private D-Bus
 * session with an unlocked gnome-keyring whose files live in a temp
 * directory, as scripts/keychain-session.sh makes for the suite. The shell
 * that holds the session is a process group of ours (cleanupAll() ends it;
 * the bus's end ends the keyring). Returns {env} to give startApp's extraEnv.
 */
export async function startKeyringSession({ name = 'keyring', timeoutMs = 15_000 } = {}) {
  const dir = tempDataDir('marketdesk-e2e-keyring-');
  const [data, runtime] = [path.join(dir, 'data'), path.join(dir, 'run')];
  mkdirSync(data, { recursive: true });
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  const addressFile = path.join(dir, 'bus-address');
  const script = `echo -n marketdesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ` +
    `printf '%s' "$DBUS_SESSION_BUS_ADDRESS" > '${addressFile}' && exec sleep 86400`;
  const env = { ...process.env, XDG_DATA_HOME: data, XDG_RUNTIME_DIR: runtime };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const logFile = artifactPath(`${name}.log`);
  const { exited, started } = spawnLogged(name, 'dbus-run-session', ['--', 'sh', '-c', script], {
    env, logFile, fix: 'apt-get install dbus gnome-keyring',
  });
  await started;
  let exitInfo = null;
  exited.then((e) => (exitInfo = e));
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(addressFile) || !readFileSync(addressFile, 'utf8')) {
    if (exitInfo) throw new Error(`the keyring session exited (code ${exitInfo.code}):\n${logTail(logFile)}`);
    if (Date.now() > deadline) throw new Error(`the keyring session was not ready within ${timeoutMs / 1000} s:\n${logTail(logFile)}`);
    await sleep(100);
  }
  return { env: { DBUS_SESSION_BUS_ADDRESS: readFileSync(addressFile, 'utf8'), XDG_DATA_HOME: data, XDG_RUNTIME_DIR: runtime } };
}
