// A desktop connects to its organization, end to end: a private PostgreSQL,
// the dev identity provider and the organization server (harness
// startOrganization()), the dev binary with the suite's keychain, and
// Chromium. Settings → Organization → the server's address → Connect; the
// "system browser" (the $BROWSER hook, a second page of the same browser
// context, as in install.test.mjs) shows the identity provider's login form,
// where Max signs in; the window then says who is connected. The server is
// stopped: the top bar shows "Offline since …" and the catalog's search still
// works; the server comes back on the same address: the marker goes away by
// itself (the event stream reconnects, no click).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  artifactPath,
  browserHook,
  cleanupAll,
  collectPageErrors,
  devBinary,
  initAccount,
  launchBrowser,
  logTail,
  orgPeople,
  requireDbus,
  run,
  signInToOrg,
  startApp,
  startOrganization,
  startXvfb,
  tempDataDir,
} from './harness.mjs';

/** A listing of the embedded default catalog, synced before the app starts. */
const searchedApp = { name: 'Agenda Anchor', query: 'Agenda' };
const member = orgPeople.member;

let org;
let app;
let context;
let page;
let errors;
let systemBrowser;

before(async () => {
  requireDbus();
  const dataDir = tempDataDir('marketdesk-e2e-org-');
  // The organization and the desktop's data start side by side.
  const orgReady = startOrganization({ name: 'org' });
  orgReady.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
  await initAccount(devBinary, dataDir);
  const sync = await run(devBinary, ['catalog', 'sync', '--data-dir', dataDir], { timeoutMs: 120_000 });
  assert.equal(sync.code, 0, `catalog sync: ${sync.stderr}${sync.text}`);
  org = await orgReady;

  systemBrowser = browserHook(dataDir, 'org-app-dev');
  const xvfb = await startXvfb({ name: 'org-xvfb' });
  app = await startApp({
    binary: devBinary,
    dataDir,
    display: xvfb.display,
    dev: true,
    name: 'org-app-dev',
    extraEnv: systemBrowser.env,
  });
  const browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' });
  page = await context.newPage();
  errors = collectPageErrors(page);
  await page.goto(app.url, { waitUntil: 'load' });
  await page.getByTestId('me-name').waitFor({ timeout: 20_000 });
});

after(async () => {
  await cleanupAll();
});

const orgSection = () => page.getByTestId('org-section');
const offlineMarker = () => page.getByTestId('org-offline');
const searchBox = () => page.getByRole('searchbox', { name: 'Search apps' });

function failWithLogs(what) {
  return `${what}\napp:\n${logTail(artifactPath('org-app-dev.log'))}\nserver:\n${logTail(artifactPath('org-server.log'))}`;
}

test('Settings → Organization: Connect, sign in as the member in the browser, the window says who is connected', async () => {
  await signInToOrg({ page, context, org, person: member, systemBrowser, logName: 'org-app-dev' }).catch((err) =>
    assert.fail(failWithLogs(err.message)),
  );
  const me = orgSection().getByTestId('org-me');
  await me.waitFor({ timeout: 20_000 }).catch(() => assert.fail(failWithLogs('the window never showed who is connected')));
  assert.equal(await me.textContent(), `${member.name} <${member.email}>`);
  assert.equal(await orgSection().getByTestId('org-role').textContent(), 'member');
  assert.match((await orgSection().textContent()) ?? '', new RegExp(`Connected to ${org.url.replace(/[.]/g, '\\.')}`));
  assert.equal(await offlineMarker().count(), 0, 'no offline marker while the server answers');
});

test('the server stops: "Offline since …" in the top bar, and search still works; it comes back: the marker goes by itself', async () => {
  await org.stopServer();
  await offlineMarker()
    .waitFor({ timeout: 15_000 })
    .catch(() => assert.fail(failWithLogs('no offline marker after the server stopped')));
  assert.match((await offlineMarker().textContent()) ?? '', /^Offline since \d{2}:\d{2}$/);
  await page.screenshot({ path: artifactPath('org-offline.png') });

  // Browsing the catalog needs no server.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Discover' }).click();
  await searchBox().click();
  await searchBox().fill(searchedApp.query);
  await page.waitForSelector('.results[aria-busy="false"]', { timeout: 10_000 });
  const names = await page.locator('[data-testid="result-row"] .app-name').allTextContents();
  assert.ok(names.includes(searchedApp.name), `searching ${searchedApp.query} offline found ${JSON.stringify(names)}`);
  assert.equal(await offlineMarker().count(), 1, 'still offline while browsing');

  await org.startServer();
  // The event stream retries with a growing pause (0.5 s doubling): back within a few seconds, no click.
  await offlineMarker()
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => assert.fail(failWithLogs('the offline marker stayed after the server came back')));
  assert.equal(await page.getByTestId('org-signed-out').count(), 0, 'back online, still signed in');
  // Settings says the same as the top bar.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await orgSection().getByTestId('org-me').waitFor({ timeout: 10_000 });
  assert.equal(await orgSection().getByTestId('org-offline-detail').count(), 0, 'Settings still says offline');
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, [], failWithLogs(`the page reported errors:\n${errors.join('\n')}`));
});
