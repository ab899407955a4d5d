// Installing with OAuth consent, end to end: the real dev binary, its built-in
// sandbox authorization server, the real keychain of the suite's D-Bus session
// and Chromium. The "system browser" is a second page of the same browser
// context: the app runs $BROWSER with the authorization URL, a small script
// appends it to a file, and the test opens it there — so the consent really
// happens outside the app's page, as RFC 8252 wants.
//
// The owner is fresh and pre-approves nothing: a manager's own install is
// their approval. Deny first (nothing is installed, the Installed page stays
// empty), then Allow (installed; the review listed every scope the consent
// page shows, offline_access included, in words; the Installed page lists
// the granted scopes in words; `marketdesk token` prints a token), then an
// account-level app for everyone, and what a member sees of both: they
// request another account-level app and a user-level one, the owner installs
// the first for the account and approves the second, and the member, when
// next active, gets a toast per decision, a badge on My requests and Install.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  artifactPath,
  browserHook,
  cleanupAll,
  devBinary,
  initAccount,
  logTail,
  openDevPage,
  requireDbus,
  run,
  shootThemes,
  tempDataDir,
  testOwner,
} from './harness.mjs';

/** Apps of the embedded catalog: user-level and account-level, without configuration. */
const userApp = { id: 'agenda-anchor', name: 'Agenda Anchor' };
const accountApp = { id: 'adoption-atlas', name: 'Adoption Atlas' };
/** An account-level app nobody installs: the member sees it is for admins only. */
const otherAccountApp = { id: 'beacon-displays', name: 'Beacon Displays' };

let app;
let context;
let page;
let errors;
let dataDir;
let systemBrowser;

before(async () => {
  requireDbus();
  dataDir = tempDataDir('marketdesk-e2e-install-');
  await initAccount(devBinary, dataDir);
  const sync = await run(devBinary, ['catalog', 'sync', '--data-dir', dataDir], { timeoutMs: 120_000 });
  assert.equal(sync.code, 0, `catalog sync: ${sync.stderr}${sync.text}`);

  systemBrowser = browserHook(dataDir, 'install-app-dev');

  ({ app, context, page, errors } = await openDevPage({ name: 'install', dataDir, extraEnv: systemBrowser.env, contextOptions: { viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' } }));
  await page.getByTestId('me-name').waitFor({ timeout: 20_000 });
});

after(async () => {
  await cleanupAll();
});

const nav = () => page.getByRole('navigation', { name: 'Main' });
const dialog = () => page.getByRole('dialog');

async function openApp(listing) {
  await page.goto(`${app.url}#/apps/${encodeURIComponent(listing.id)}`);
  await page.getByRole('heading', { level: 1, name: listing.name }).waitFor({ timeout: 10_000 });
}

function actionArea(state) {
  return page.locator(`[data-testid="action-area"][data-state="${state}"]`);
}

/** Install → review → Continue; returns the consent page opened in the "system browser". */
async function startInstall(listing, { screenshots = false } = {}) {
  await openApp(listing);
  await actionArea('install').waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Install' }).click();
  return continueInstall(listing, { screenshots });
}

/** The scopes the review dialog lists, by name and in words. */
let reviewed = [];

/** In the open review dialog: Continue; returns the consent page. */
async function continueInstall(listing, { screenshots = false } = {}) {
  const review = dialog();
  await review.getByRole('heading', { name: `Install ${listing.name}` }).waitFor();
  assert.match((await review.textContent()) ?? '', new RegExp(`${listing.name} will be able to:`));
  reviewed = await review.getByTestId('scope').evaluateAll((items) =>
    items.map((li) => ({
      name: li.querySelector('.scope-name')?.textContent?.trim() ?? '',
      words: li.querySelector('.scope-description')?.firstChild?.textContent?.trim() ?? '',
      sensitive: Boolean(li.querySelector('[data-testid="sensitive"]')),
    })),
  );
  if (screenshots) await shootThemes(page, 'install-review');
  await review.getByRole('button', { name: 'Continue' }).click();
  await review.getByTestId('install-waiting').waitFor({ timeout: 10_000 });
  await review.getByText('Waiting for you to allow access in your browser').waitFor();

  const url = await systemBrowser.next();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\//, `the authorization URL: ${url}`);
  assert.match(url, /code_challenge_method=S256/, 'PKCE S256');
  assert.match(url, /redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback/, 'a loopback redirect');
  // Copy link has the same URL once the waiting event arrived.
  await review.getByRole('button', { name: 'Copy link' }).waitFor();
  if (screenshots) await shootThemes(page, 'install-waiting');

  const consent = await context.newPage();
  await consent.goto(url);
  await consent.getByRole('heading', { name: `Allow ${listing.name} to access your account?` }).waitFor({ timeout: 10_000 });
  return consent;
}

test('Deny on the consent page: the app says so and nothing is installed', async () => {
  const consent = await startInstall(userApp);
  await consent.getByRole('button', { name: 'Deny' }).click();
  await consent.getByText(/You can close this window/).waitFor({ timeout: 10_000 });
  await consent.close();

  const outcome = dialog().getByTestId('install-outcome');
  await outcome.waitFor({ timeout: 10_000 });
  assert.match((await outcome.textContent()) ?? '', /You declined; nothing was installed/);
  await shootThemes(page, 'install-declined');
  await dialog().getByRole('button', { name: 'Close' }).click();
  await dialog().waitFor({ state: 'detached' });
  await actionArea('install').waitFor();

  await nav().getByRole('link', { name: 'Installed' }).click();
  await page.getByTestId('installed-empty').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId('installed-row').count(), 0);
});

test('Allow on the consent page: installed, listed with its granted scopes, and `marketdesk token` prints a token', async () => {
  const consent = await startInstall(userApp, { screenshots: true });
  const text = (await consent.textContent('body')) ?? '';
  assert.match(text, new RegExp(`Signed in as ${testOwner.name}`));
  assert.match(text, new RegExp(`${userApp.name} will be able to:`));
  const scopes = (await consent.locator('li .name').allTextContents()).map((s) => s.trim());
  assert.ok(scopes.length > 0, 'the consent page lists the scopes');
  // The review listed every scope the consent page shows, each in words; offline_access too.
  assert.deepEqual(reviewed.map((r) => r.name).sort(), [...scopes].sort(), `reviewed ${JSON.stringify(reviewed)}`);
  for (const r of reviewed) assert.ok(r.words && r.words !== r.name, `the review words ${r.name}: ${r.words}`);
  const offline = reviewed.find((r) => r.name === 'offline_access');
  assert.match(offline?.words ?? '', /Keep this access when you are not using the app/);
  assert.ok(offline?.sensitive, 'offline_access is marked sensitive');
  await shootThemes(consent, 'install-consent');
  await consent.getByRole('button', { name: 'Allow' }).click();
  await consent.getByText('You can close this window').waitFor({ timeout: 10_000 });
  await consent.close();

  await dialog().waitFor({ state: 'detached', timeout: 15_000 });
  await actionArea('installed').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId('installation-status').textContent(), 'Active');
  await page.getByRole('status').filter({ hasText: `${userApp.name} is installed` }).waitFor({ timeout: 5_000 });
  await shootThemes(page, 'install-detail-installed');

  await nav().getByRole('link', { name: 'Installed' }).click();
  const row = page.locator(`[data-testid="installed-row"][data-listing="${userApp.id}"]`);
  await row.waitFor({ timeout: 10_000 });
  assert.ok(await page.getByTestId('installed-yours').locator(`[data-listing="${userApp.id}"]`).count());
  assert.equal(await row.getByTestId('installation-status').textContent(), 'Active');
  const granted = (await row.getByTestId('granted-scopes').locator('code').allTextContents()).map((s) => s.trim());
  // The consent page also lists offline_access, which the sandbox adds unasked: granted scopes
  // never go beyond the request, so it is not recorded (docs/authorization.md).
  const requested = scopes.filter((s) => s !== 'offline_access');
  assert.ok(requested.length < scopes.length, 'the sandbox adds offline_access on its consent page');
  assert.deepEqual([...granted].sort(), [...requested].sort(), 'every requested scope granted, none beyond');
  // In words, as the review said them.
  const words = (await row.getByTestId('granted-scopes').locator('.scope-description').allTextContents()).map((s) => s.trim());
  for (const name of requested) {
    const said = reviewed.find((r) => r.name === name)?.words ?? '';
    assert.ok(words.some((w) => w.startsWith(said)), `Installed shows “${said}” for ${name}: ${words.join(' | ')}`);
  }
  // Manage too.
  await openApp(userApp);
  await page.getByTestId('manage-link').click();
  const manageWords = page.getByTestId('manage-granted').locator('.scope-description');
  await manageWords.first().waitFor({ timeout: 10_000 });
  const said = reviewed.find((r) => r.name === requested[0])?.words ?? '';
  assert.ok((await manageWords.allTextContents()).some((w) => w.trim().startsWith(said)), `Manage shows “${said}”`);
  await nav().getByRole('link', { name: 'Installed' }).click();
  await row.waitFor({ timeout: 10_000 });
  await shootThemes(page, 'install-installed-page');

  const token = await run(devBinary, ['token', userApp.id, '--data-dir', dataDir], { timeoutMs: 60_000 });
  assert.equal(token.code, 0, `marketdesk token exited ${token.code}: ${token.stderr}`);
  assert.match(token.text.trim(), /^\S{16,}$/, 'one access token on stdout');

  // The token lives only in the keychain: not in the app's log, not in the page.
  const secret = token.text.trim();
  const log = readFileSync(artifactPath('install-app-dev.log'), 'utf8');
  assert.ok(!log.includes(secret), 'the access token appears in the app log');
  for (const route of ['#/installed', `#/apps/${encodeURIComponent(userApp.id)}`]) {
    await page.goto(`${app.url}${route}`);
    await page.waitForLoadState('networkidle');
    assert.ok(!(await page.content()).includes(secret), `the access token appears in the UI at ${route}`);
  }
});

test('an account-level app is installed once, for everyone', async () => {
  const consent = await startInstall(accountApp);
  await consent.getByRole('button', { name: 'Allow' }).click();
  await consent.getByText('You can close this window').waitFor({ timeout: 10_000 });
  await consent.close();
  await actionArea('installed').waitFor({ timeout: 15_000 });
  assert.match((await actionArea('installed').textContent()) ?? '', new RegExp(`Installed by ${testOwner.name} for everyone`));
});

async function switchTo(name) {
  await page.getByTestId('user-button').click();
  await page.getByRole('menu', { name: 'Switch user' }).getByRole('menuitemradio', { name: new RegExp(`^${name}\\b`) }).click();
  await page.getByTestId('me-name').filter({ hasText: new RegExp(`^${name}\\b`) }).waitFor({ timeout: 10_000 });
}

/** Allow on the consent page; waits for the dialog to close. */
async function allow(consent) {
  await consent.getByRole('button', { name: 'Allow' }).click();
  await consent.getByText('You can close this window').waitFor({ timeout: 10_000 });
  await consent.close();
  await dialog().waitFor({ state: 'detached', timeout: 15_000 });
}

/** A member's request from the app's page. */
async function request(listing, button, reason) {
  await openApp(listing);
  await actionArea('request').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByRole('button', { name: 'Install' }).count(), 0, `no Install button for ${listing.name}`);
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('textbox', { name: 'Reason (optional)' }).fill(reason);
  await page.getByRole('button', { name: 'Send request' }).click();
  await actionArea('pending').waitFor({ timeout: 10_000 });
}

test('a member requests an account-level app and a user-level one; the account’s app shows as installed by the owner', async () => {
  await nav().getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: /^Users/ }).click();
  const form = page.getByRole('region', { name: 'Add a user' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Mel');
  await form.getByRole('textbox', { name: 'Email' }).fill('mel@acme.example');
  await form.getByRole('combobox', { name: 'Role' }).selectOption('member');
  await form.getByRole('button', { name: 'Add user' }).click();
  await form.getByText('Added Mel').waitFor({ timeout: 10_000 });

  await switchTo('Mel');
  assert.equal(await page.getByText('Only admins can install this').count(), 0);
  await request(otherAccountApp, 'Request this app', 'The front desk needs it');
  await request(userApp, 'Request pre-approval', 'For my meetings');

  await openApp(accountApp);
  await actionArea('installed').waitFor({ timeout: 10_000 });
  assert.match((await actionArea('installed').textContent()) ?? '', new RegExp(`Installed by ${testOwner.name} for everyone`));

  await nav().getByRole('link', { name: 'Installed' }).click();
  const accountSection = page.getByTestId('installed-account');
  await accountSection.waitFor({ timeout: 10_000 });
  assert.equal(await accountSection.locator(`[data-listing="${accountApp.id}"]`).count(), 1);
  assert.match((await accountSection.textContent()) ?? '', new RegExp(`Installed by ${testOwner.name} on`));
  assert.equal(await page.getByTestId('installed-yours').count(), 0, 'the owner’s own app is not Mel’s');
  await shootThemes(page, 'install-installed-member');
});

test('the owner installs the requested account-level app for the account from Admin → Requests, and approves the other', async () => {
  await switchTo(testOwner.name.split(' ')[0]);
  await nav().getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: /^Requests/ }).click();
  const accountRow = page.getByTestId('request-row').filter({ hasText: otherAccountApp.name });
  await accountRow.waitFor({ timeout: 10_000 });
  assert.equal(await accountRow.getByRole('button', { name: /^Approve/ }).count(), 0, 'an account-level request is approved by installing it');
  await accountRow.getByRole('button', { name: `Install ${otherAccountApp.name} for the account (asked by Mel)` }).click();
  await allow(await continueInstall(otherAccountApp));
  await accountRow.waitFor({ state: 'detached', timeout: 15_000 });

  const userRow = page.getByTestId('request-row').filter({ hasText: userApp.name });
  await userRow.getByRole('button', { name: `Approve ${userApp.name} for Mel` }).click();
  await userRow.waitFor({ state: 'detached', timeout: 15_000 });

  await openApp(otherAccountApp);
  await actionArea('installed').waitFor({ timeout: 10_000 });

  // The audit log names the owner's install as their approval, and the request approved by the install.
  await nav().getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: /^Audit/ }).click();
  await page.getByTestId('audit-row').first().waitFor({ timeout: 10_000 });
  const audit = await page.getByTestId('audit-row').allTextContents();
  assert.ok(audit.some((t) => t.includes('approval.self_approved') && t.includes(userApp.id)), `self-approval audited: ${audit.join(' | ')}`);
  assert.ok(audit.some((t) => t.includes('request.approved') && t.includes(otherAccountApp.id)), `request approved by the install: ${audit.join(' | ')}`);
});

test('the member, next active: a toast per decision, the badge on My requests, and Install for the approved app', async () => {
  await switchTo('Mel');
  for (const listing of [otherAccountApp, userApp]) {
    await page.getByRole('status').filter({ hasText: `Your request for ${listing.name} was approved` }).waitFor({ timeout: 15_000 });
  }
  const badge = page.getByTestId('decisions-badge');
  await waitForBadge(badge, '2');
  await shootThemes(page, 'install-member-decisions');

  await nav().getByRole('link', { name: /^My requests/ }).click();
  const rows = page.getByTestId('my-request-row');
  await rows.first().waitFor({ timeout: 10_000 });
  await badge.waitFor({ state: 'detached', timeout: 10_000 });
  const link = rows.filter({ hasText: userApp.name }).getByRole('link', { name: userApp.name });
  assert.equal(await link.evaluate((el) => getComputedStyle(el).textDecorationLine), 'underline', 'app names look like links');
  assert.equal(await rows.filter({ hasText: otherAccountApp.name }).getByRole('button', { name: /^Install/ }).count(), 0,
    'the account’s app is installed already');
  await rows.filter({ hasText: userApp.name }).getByRole('button', { name: `Install ${userApp.name}` }).click();
  await allow(await continueInstall(userApp));
  await rows.filter({ hasText: userApp.name }).getByRole('button', { name: /^Install/ }).waitFor({ state: 'detached', timeout: 15_000 });

  // Seen is kept in the database: after a reload nothing is news.
  await page.reload({ waitUntil: 'load' });
  await page.getByTestId('me-name').filter({ hasText: /^Mel\b/ }).waitFor({ timeout: 20_000 });
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getByTestId('decisions-badge').count(), 0, 'no badge once seen');
});

async function waitForBadge(badge, text) {
  await badge.waitFor({ timeout: 10_000 });
  for (let i = 0; i < 60 && (await badge.textContent()) !== text; i++) await page.waitForTimeout(250);
  assert.equal(await badge.textContent(), text);
}

test('no page errors or console errors', () => {
  assert.deepEqual(errors, [], `the page reported errors:\n${errors.join('\n')}\n${logTail(artifactPath('install-app-dev.log'))}`);
});
