// Managing an installed app, end to end: the real dev binary, its sandbox
// authorization server (which also plays the app's developer and receives the
// deauthorization notice), the suite's keychain and Chromium.
//
// Install a user-level app that has a configuration form (through the UI,
// consent in a second page standing in for the system browser), then on its
// Manage tab: a refused save shows Go's messages next to the fields, a good
// save makes it Active, a change saves again; Remove with "Allow … to keep my
// data" ticked; the app leaves Installed, the sandbox receives a verified
// notice with user_data_retention true (Settings › Developer notices), and
// `marketdesk token` says it is not installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

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
} from './harness.mjs';

/** A user-level app of the embedded catalog whose form has a required text field, a number and an email. */
const formApp = { id: 'invoice-ping', name: 'Invoice Ping', developer: 'Windrow Finance' };

let app;
let context;
let page;
let errors;
let dataDir;
let systemBrowser;

before(async () => {
  requireDbus();
  dataDir = tempDataDir('marketdesk-e2e-manage-');
  await initAccount(devBinary, dataDir);
  const sync = await run(devBinary, ['catalog', 'sync', '--data-dir', dataDir], { timeoutMs: 120_000 });
  assert.equal(sync.code, 0, `catalog sync: ${sync.stderr}${sync.text}`);
  const show = await run(devBinary, ['apps', 'show', formApp.id, '--json', '--data-dir', dataDir], { timeoutMs: 60_000 });
  assert.equal(show.code, 0, `apps show: ${show.stderr}`);
  const listing = JSON.parse(show.text);
  assert.equal(listing.type, 'user');
  assert.equal(listing.configuration?.kind, 'form', `${formApp.id} has a configuration form`);
  assert.ok(listing.configuration.fields.some((f) => f.key === 'channel' && f.type === 'text' && f.required));
  const grant = await run(devBinary, ['approvals', 'grant', formApp.id, '--data-dir', dataDir], { timeoutMs: 60_000 });
  assert.equal(grant.code, 0, `approvals grant: ${grant.stderr}${grant.text}`);

  systemBrowser = browserHook(dataDir, 'manage-app-dev');

  ({ app, context, page, errors } = await openDevPage({ name: 'manage', dataDir, extraEnv: systemBrowser.env, contextOptions: { viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' } }));
  await page.getByTestId('me-name').waitFor({ timeout: 20_000 });
});

after(async () => {
  await cleanupAll();
});

const nav = () => page.getByRole('navigation', { name: 'Main' });
const manage = () => page.getByTestId('manage');
const form = () => page.getByTestId('config-form');

async function overviewStatus() {
  return page.getByTestId('manage-overview').getByTestId('installation-status').getAttribute('data-status');
}

test('install an app with a configuration form: it needs configuration, and its page links to Manage', async () => {
  await page.goto(`${app.url}#/apps/${formApp.id}`);
  await page.getByRole('heading', { level: 1, name: formApp.name }).waitFor({ timeout: 10_000 });
  await page.locator('[data-testid="action-area"][data-state="install"]').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId('manage-link').count(), 0, 'no Manage link before it is installed');
  await page.getByRole('button', { name: 'Install' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();

  const url = await systemBrowser.next();
  const consent = await context.newPage();
  await consent.goto(url);
  await consent.getByRole('heading', { name: `Allow ${formApp.name} to access your account?` }).waitFor({ timeout: 10_000 });
  await consent.getByRole('button', { name: 'Allow' }).click();
  try {
    await consent.getByText('You can close this window').waitFor({ timeout: 10_000 });
  } catch (e) {
    await consent.screenshot({ path: artifactPath('manage-consent-debug.png') });
    throw new Error(`${e.message}\nconsent page: ${consent.url()}\n${await consent.textContent('body')}`);
  }
  await consent.close();

  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 15_000 });
  await page.locator('[data-testid="action-area"][data-state="installed"][data-status="needs_configuration"]').waitFor({ timeout: 10_000 });
  const link = page.getByRole('link', { name: `Manage ${formApp.name}` });
  await link.waitFor({ timeout: 10_000 });
  await shootThemes(page, 'manage-detail-link');
  await link.click();

  await manage().waitFor({ timeout: 10_000 });
  assert.match(page.url(), /#\/installed\/\d+$/);
  assert.equal(await overviewStatus(), 'needs_configuration');
  assert.equal(await page.getByRole('navigation', { name: 'App pages' }).getByRole('link', { name: 'Manage' }).getAttribute('aria-current'), 'page');
  assert.match((await page.getByTestId('config-summary').textContent()) ?? '', /Still needed: Channel/);
  assert.ok((await page.getByTestId('manage-granted').locator('code').count()) > 0, 'granted scopes are listed');
  // Configure comes before Remove, History last.
  const order = await manage().evaluate((el) => [...el.querySelectorAll('section[data-testid]')].map((s) => s.getAttribute('data-testid')));
  assert.deepEqual(order, ['manage-overview', 'manage-configure', 'manage-remove', 'manage-history']);
  await page.getByTestId('history-row').first().waitFor({ timeout: 10_000 });
  await shootThemes(page, 'manage-page', { fullPage: true });
});

test('a refused save shows the messages next to the fields; a good one makes it Active', async () => {
  const channel = form().getByRole('textbox', { name: /^Channel/ });
  const email = form().getByRole('textbox', { name: 'Finance contact' });
  const minutes = form().getByRole('spinbutton', { name: 'Remind before (minutes)' });
  assert.equal(await minutes.inputValue(), '10', 'the default is filled in');
  await email.fill('not-an-email');
  await form().getByRole('button', { name: 'Save' }).click();

  const channelError = page.getByTestId('field-channel').getByTestId('error-channel');
  await channelError.waitFor({ timeout: 10_000 });
  assert.equal(await channelError.textContent(), 'This field is required.');
  assert.match((await page.getByTestId('field-billing_email').getByTestId('error-billing_email').textContent()) ?? '', /email address/);
  assert.equal(await channel.getAttribute('aria-invalid'), 'true');
  assert.equal(await email.inputValue(), 'not-an-email', 'what was typed stays');
  assert.equal(await overviewStatus(), 'needs_configuration', 'nothing was saved');
  await page.getByTestId('manage-configure').scrollIntoViewIfNeeded();
  await shootThemes(page, 'manage-form-errors');

  await channel.fill('#finance');
  await email.fill('ap@acme.example');
  await form().getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('config-saved').filter({ hasText: 'Saved' }).waitFor({ timeout: 10_000 });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="manage-overview"] [data-testid="installation-status"]')?.getAttribute('data-status') === 'active',
    null,
    { timeout: 10_000 },
  );
  assert.equal(await page.getByTestId('error-channel').count(), 0, 'the messages are gone');
  assert.match((await page.getByTestId('config-summary').textContent()) ?? '', /^Configured/);

  await minutes.fill('30');
  await form().getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('config-saved').filter({ hasText: 'Saved' }).waitFor({ timeout: 10_000 });
  await page.reload();
  await manage().waitFor({ timeout: 10_000 });
  assert.equal(await form().getByRole('spinbutton', { name: 'Remind before (minutes)' }).inputValue(), '30', 'the change was saved');
  assert.equal(await form().getByRole('textbox', { name: /^Channel/ }).inputValue(), '#finance');
  assert.equal(await overviewStatus(), 'active');
});

test('Remove, allowing the developer to keep the data: gone from Installed, the developer is told', async () => {
  await page.getByTestId('manage-remove').getByRole('button', { name: 'Remove' }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${formApp.name}?` });
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.match((await dialog.textContent()) ?? '', new RegExp(`tell ${formApp.developer} that it was removed`));
  const retain = dialog.getByRole('checkbox', { name: `Allow ${formApp.developer} to keep my data` });
  assert.equal(await retain.isChecked(), false, 'unticked by default');
  // Escape closes it without removing.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('manage-remove').getByRole('button', { name: 'Remove' }).click();
  await dialog.waitFor();
  await shootThemes(page, 'manage-remove-dialog');

  await retain.check();
  await dialog.getByRole('button', { name: `Remove ${formApp.name}` }).click();
  await page.getByText(`${formApp.name} was removed`).waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => location.hash === '#/installed', null, { timeout: 10_000 });
  await page.getByTestId('installed-empty').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator(`[data-testid="installed-row"][data-listing="${formApp.id}"]`).count(), 0);

  await nav().getByRole('link', { name: 'Settings' }).click();
  const notices = page.getByTestId('developer-notices');
  await notices.waitFor({ timeout: 10_000 });
  const received = notices.locator(`[data-testid="received-row"][data-listing="${formApp.id}"]`);
  // Delivery runs in the background (the outbox wakes on a removal, else every few seconds).
  const deadline = Date.now() + 30_000;
  while ((await received.count()) === 0 && Date.now() < deadline) {
    await page.waitForTimeout(1000);
    if ((await received.count()) === 0) {
      await page.reload();
      await notices.waitFor({ timeout: 10_000 });
    }
  }
  await received.waitFor({ timeout: 5_000 });
  assert.equal(await received.getAttribute('data-retention'), 'true');
  assert.equal(await received.getByTestId('received-retention').textContent(), 'Yes');
  assert.match((await received.textContent()) ?? '', /Verified/);
  const sent = notices.locator(`[data-testid="outbox-row"][data-listing="${formApp.id}"][data-status="delivered"]`);
  await sent.first().waitFor({ timeout: 10_000 });
  await notices.scrollIntoViewIfNeeded();
  await shootThemes(page, 'manage-settings-notices', { fullPage: true });
});

test('`marketdesk token` says the removed app is not installed', async () => {
  const token = await run(devBinary, ['token', formApp.id, '--data-dir', dataDir], { timeoutMs: 60_000 });
  assert.notEqual(token.code, 0, `token should fail, printed: ${token.text}`);
  assert.match(`${token.stderr}${token.text}`, /not installed/);
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, [], `the page reported errors:\n${errors.join('\n')}\n${logTail(artifactPath('manage-app-dev.log'))}`);
});
