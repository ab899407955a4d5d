// The Debian packages as a person meets them (make package builds them into
// build/pkg/): apt-get installs the desktop app's package on this machine,
// the app starts from its menu entry's Exec line under Xvfb with a fresh home
// and paints its window; `apt-get purge` then removes every file the package
// installed and leaves the person's data directory. The server's package
// installs its binary, systemd unit, a group-readable config and a system
// user, with no GUI dependency, and purges cleanly too.
//
// Needs root or password-less sudo (apt-get, dpkg); builds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  artifactPath,
  awaitPainted,
  clampToScreen,
  cleanupAll,
  logTail,
  PAINTED,
  repoRoot,
  requireDbus,
  run,
  startApp,
  startXvfb,
  tempDataDir,
  windowGeometry,
} from './harness.mjs';

const pkgDir = path.join(repoRoot, 'build', 'pkg');
const appId = 'io.github.marketdesk.Marketdesk';
const desktopEntry = `/usr/share/applications/${appId}.desktop`;

// root runs apt-get itself; anyone else through sudo without a password prompt (no terminal in CI).
const asRoot = (cmd, args) => (process.getuid?.() === 0 ? [cmd, args] : ['sudo', ['-n', cmd, ...args]]);

async function root(cmd, args, timeoutMs = 300_000) {
  const [c, a] = asRoot(cmd, args);
  const r = await run(c, a, { timeoutMs, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.text}`);
  return r.text;
}

function debFile(name) {
  const files = existsSync(pkgDir) ? readdirSync(pkgDir).filter((f) => f.startsWith(`${name}_`) && f.endsWith('.deb')) : [];
  assert.equal(files.length, 1, `want one ${name}_*.deb in ${pkgDir} (make package), found ${JSON.stringify(files)}`);
  return path.join(pkgDir, files[0]);
}

/** The regular files and links a package installed (dpkg -L lists directories too). */
async function installedFiles(pkg) {
  const list = await root('dpkg', ['-L', pkg]);
  return list.split('\n').filter((f) => f && existsSync(f) && !statSync(f).isDirectory());
}

async function isInstalled(pkg) {
  const r = await run('dpkg-query', ['-W', '-f=${Status}', pkg]);
  return r.code === 0 && r.text.includes('install ok installed');
}

/** The Exec line of a desktop entry without its field codes (%U, %f, …). */
function execLine(file) {
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('Exec='));
  assert.ok(line, `${file} has no Exec line`);
  return line.slice('Exec='.length).replace(/\s%[a-zA-Z]/g, '').trim().split(/\s+/);
}

before(async () => {
  requireDbus();
  for (const pkg of ['marketdesk', 'marketdesk-server']) {
    if (await isInstalled(pkg)) await root('apt-get', ['purge', '-y', pkg]); // a run cut off before its purge
  }
});

after(async () => {
  await cleanupAll();
  for (const pkg of ['marketdesk', 'marketdesk-server']) {
    if (await isInstalled(pkg)) await root('apt-get', ['purge', '-y', pkg]).catch(() => {});
  }
});

test('the desktop package installs, starts from its menu entry, paints, and purges leaving only the data directory', async () => {
  const deb = debFile('marketdesk');
  const fields = await run('dpkg-deb', ['-f', deb, 'Version', 'Depends']);
  assert.match(fields.text, /libwebkit2gtk-4\.1-0/, 'the package depends on WebKitGTK 4.1');
  assert.match(fields.text, /gnome-keyring/, 'the package depends on a Secret Service keychain');
  const version = /Version: (\S+)/.exec(fields.text)?.[1];
  const expected = (await run(path.join(repoRoot, 'scripts', 'version.sh'), [])).text.trim();
  assert.equal(version, expected, 'the package carries the release tag\'s version');

  await root('apt-get', ['install', '-y', '--no-install-recommends', deb]);
  const files = await installedFiles('marketdesk');
  for (const want of ['/usr/bin/marketdesk', desktopEntry, `/usr/share/metainfo/${appId}.metainfo.xml`,
    `/usr/share/icons/hicolor/48x48/apps/${appId}.png`, `/usr/share/icons/hicolor/256x256/apps/${appId}.png`]) {
    assert.ok(files.includes(want), `the package installed ${want}: ${files.join(' ')}`);
  }
  const installedVersion = await run('/usr/bin/marketdesk', ['version']);
  assert.match(installedVersion.text, new RegExp(`^marketdesk ${expected.replace(/[.+]/g, '\\$&')} \\(commit [0-9a-f]{7,}\\)\\n$`));

  // A fresh home: the app makes its data directory where a person's would be.
  const home = tempDataDir('marketdesk-e2e-pkghome-');
  const homeEnv = { HOME: home, XDG_DATA_HOME: path.join(home, '.local', 'share'), XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'), MARKETDESK_HOME: '' };
  const [binary, ...args] = execLine(desktopEntry);
  assert.deepEqual(args, [], 'the menu entry starts the app with no arguments');
  assert.equal(path.isAbsolute(binary) ? binary : `/usr/bin/${binary}`, '/usr/bin/marketdesk');
  const xvfb = await startXvfb({ name: 'package-xvfb' });
  const app = await startApp({ binary: `/usr/bin/${path.basename(binary)}`, dataDir: '', display: xvfb.display, name: 'package-app',
    extraEnv: homeEnv });
  const geometry = clampToScreen(await windowGeometry(xvfb.display, app.windowId));
  const stats = await awaitPainted({ display: xvfb.display, geometry, shot: artifactPath('package-screen.png'),
    windowShot: artifactPath('package-window.png') });
  const why = `${stats.colors} colours, stddev ${stats.stddev}; see ${artifactPath('package-screen.png')}. App log:\n${logTail(app.logFile)}`;
  assert.ok(stats.colors >= PAINTED.colors && stats.stddev >= PAINTED.stddev, `the installed app's window did not paint: ${why}`);
  await app.stop();

  const dataDir = path.join(home, '.local', 'share', 'marketdesk');
  assert.ok(existsSync(path.join(dataDir, 'marketdesk.db')), `the app made its database in ${dataDir}`);

  await root('apt-get', ['purge', '-y', 'marketdesk']);
  assert.equal(await isInstalled('marketdesk'), false, 'purged');
  const left = files.filter((f) => existsSync(f));
  assert.deepEqual(left, [], 'every file the package installed is gone');
  assert.ok(existsSync(path.join(dataDir, 'marketdesk.db')), 'the person\'s data directory stays');
});

test('the server package: binary, unit, a config only its group reads, a system user; no GUI dependency; purges cleanly', async () => {
  const deb = debFile('marketdesk-server');
  const depends = (await run('dpkg-deb', ['-f', deb, 'Depends'])).text;
  assert.doesNotMatch(depends, /webkit|gtk/i, 'no GUI dependency');

  await root('apt-get', ['install', '-y', '--no-install-recommends', deb]);
  const files = await installedFiles('marketdesk-server');
  for (const want of ['/usr/bin/marketdesk-server', '/usr/lib/systemd/system/marketdesk-server.service', '/etc/marketdesk/server.json']) {
    assert.ok(files.includes(want), `the package installed ${want}: ${files.join(' ')}`);
  }
  const unit = readFileSync('/usr/lib/systemd/system/marketdesk-server.service', 'utf8');
  assert.match(unit, /^ExecStart=\/usr\/bin\/marketdesk-server --config \/etc\/marketdesk\/server\.json$/m);
  assert.match(unit, /^User=marketdesk$/m);
  const user = await run('getent', ['passwd', 'marketdesk']);
  assert.equal(user.code, 0, 'the package made the marketdesk system user');
  assert.match(user.text, /:\/usr\/sbin\/nologin$/m, 'the system user has no login shell');
  const config = statSync('/etc/marketdesk/server.json');
  assert.equal(config.mode & 0o777, 0o640, 'the config (it holds the client secret) is not world-readable');
  const group = (await run('getent', ['group', 'marketdesk'])).text.split(':')[2];
  assert.equal(String(config.gid), group, 'the config belongs to the marketdesk group');

  await root('apt-get', ['purge', '-y', 'marketdesk-server']);
  assert.equal(await isInstalled('marketdesk-server'), false, 'purged');
  assert.deepEqual(files.filter((f) => existsSync(f)), [], 'every file the package installed is gone, the config too');
});
