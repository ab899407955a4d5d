// Accounts and pre-approval in a real browser against the real Go services,
// from a fresh data directory: the Welcome form creates the account, the owner
// adds two members and pre-approves apps on their detail pages, members see
// what is pre-approved for them, ask for what is not, and the owner denies and
// approves through Admin → Requests; the audit log lists every step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  artifactPath,
  cleanupAll,
  logTail,
  openDevPage,
  requireDbus,
  shootThemes,
  tempDataDir,
} from './harness.mjs';

const owner = { account: 'Acme', name: 'Olive Owner', email: 'olive@acme.example' };
const denyNote = 'Please use the team workspace instead';
const reason = 'I need it for the quarterly planning';

let app;
let page;
let errors;
/** Two user-level apps and one account-level app of the embedded catalog, read from Discover. */
let appA;
let appB;
let accountApp;

before(async () => {
  requireDbus();
  const dataDir = tempDataDir('marketdesk-e2e-approvals-');
  // Reduced motion: no colour transitions half-way through when a screenshot switches to dark.
  ({ app, page, errors } = await openDevPage({ name: 'approvals', dataDir, contextOptions: { viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' } }));
});

after(async () => {
  await cleanupAll();
});

const nav = () => page.getByRole('navigation', { name: 'Main' });
const meName = () => page.getByTestId('me-name');

async function waitForText(locator, want, what) {
  const deadline = Date.now() + 10_000;
  let text = '';
  while (Date.now() < deadline) {
    text = ((await locator.textContent().catch(() => '')) ?? '').trim();
    if (want instanceof RegExp ? want.test(text) : text === want) return text;
    await page.waitForTimeout(50);
  }
  assert.fail(`${what}: want ${want}, got ${JSON.stringify(text)}`);
}

/** Switch user through the sidebar menu. */
async function switchTo(name) {
  await page.getByTestId('user-button').click();
  const menu = page.getByRole('menu', { name: 'Switch user' });
  await menu.getByRole('menuitemradio', { name: new RegExp(`^${name}\\b`) }).click();
  await waitForText(meName(), new RegExp(`^${name}\\b`), 'the signed-in user');
  await menu.waitFor({ state: 'detached' });
}

async function openApp(listing) {
  await page.goto(`${app.url}#/apps/${encodeURIComponent(listing.id)}`);
  await page.getByRole('heading', { level: 1, name: listing.name }).waitFor({ timeout: 10_000 });
}

function actionArea(state) {
  return page.locator(`[data-testid="action-area"][data-state="${state}"]`);
}

async function openAdmin(tab) {
  await nav().getByRole('link', { name: /^Admin/ }).click();
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: new RegExp(`^${tab}`) }).click();
}

/** Names of the apps Discover lists with "Pre-approved for me" on. */
async function preApprovedForMe() {
  await nav().getByRole('link', { name: 'Discover', exact: true }).click();
  await page.getByTestId('row-popular').waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Pre-approved for me' }).click();
  await page.waitForSelector('.results[aria-busy="false"]', { timeout: 10_000 });
  await page.locator('[data-testid="result-row"], [data-testid="no-results"]').first().waitFor({ timeout: 10_000 });
  return (await page.locator('[data-testid="result-row"] .app-name').allTextContents()).sort();
}

/** The first n apps of a Discover listing (as the catalog sorts them by name). */
async function appsFromDiscover(query, n) {
  await page.goto(`${app.url}#/discover?${query}`);
  await page.waitForSelector('.results[aria-busy="false"]', { timeout: 15_000 });
  const rows = page.getByTestId('result-row');
  await rows.first().waitFor({ timeout: 15_000 });
  const out = [];
  for (let i = 0; i < n; i++) {
    const href = (await rows.nth(i).getAttribute('href')) ?? '';
    const id = decodeURIComponent(href.replace(/^.*#?\/apps\//, ''));
    const name = ((await rows.nth(i).locator('.app-name').textContent()) ?? '').trim();
    out.push({ id, name });
  }
  return out;
}

test('first launch: the Welcome form creates the account and signs the owner in', async () => {
  const heading = page.getByRole('heading', { level: 1, name: 'Set up your account' });
  await heading.waitFor({ timeout: 20_000 });
  assert.equal(await nav().count(), 0, 'the shell is not shown before the account exists');
  await page.getByRole('textbox', { name: 'Account name' }).fill(owner.account);
  await page.getByRole('textbox', { name: 'Your name' }).fill(owner.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(owner.email);
  await shootThemes(page, 'approvals-welcome');

  // A bad email is refused by Go and explained next to the form.
  await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('alert').waitFor({ timeout: 10_000 });
  // Go's typed field error reaches its field: marked, described in words, focused; nothing typed is lost.
  const email = page.getByRole('textbox', { name: 'Email' });
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true', null, { timeout: 10_000 });
  assert.equal(await email.evaluate((el) => el === document.activeElement), true, 'focus is on the refused Email');
  const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
  assert.equal(await page.locator(`[id="${describedBy}"]`).textContent(), 'Enter an email address such as you@example.com.');
  assert.equal(await page.getByRole('textbox', { name: 'Account name' }).inputValue(), owner.account);
  await shootThemes(page, 'approvals-welcome-error');

  await page.getByRole('textbox', { name: 'Email' }).fill(owner.email);
  await page.getByRole('button', { name: 'Create account' }).click();
  await waitForText(meName(), owner.name, 'the signed-in user after Create');
  await page.getByRole('heading', { level: 1, name: 'Discover' }).waitFor({ timeout: 10_000 });
  assert.match((await page.getByTestId('user-button').textContent()) ?? '', /Owner.*Manager/);
});

test('the owner adds the members Mel and Nia on Admin → Users', async () => {
  // A new owner is guided: nobody else yet → add people; nothing pre-approved → pre-approve apps.
  await openAdmin('Apps');
  const approveGuide = page.getByTestId('preapprove-guide');
  await approveGuide.waitFor({ timeout: 10_000 });
  assert.equal(await approveGuide.getByRole('link', { name: 'Pre-approve apps in Discover' }).getAttribute('href'), '#/discover');
  await openAdmin('Users');
  const guide = page.getByTestId('add-people-guide');
  await guide.waitFor({ timeout: 10_000 });
  await guide.getByRole('link', { name: 'Add people' }).click();
  const form = page.getByRole('region', { name: 'Add a user' });
  assert.equal(await form.getByRole('textbox', { name: 'Name' }).evaluate((el) => el === document.activeElement), true, 'Add people moves into the form');
  for (const [name, email] of [
    ['Mel', 'mel@acme.example'],
    ['Nia', 'nia@acme.example'],
  ]) {
    await form.getByRole('textbox', { name: 'Name' }).fill(name);
    await form.getByRole('textbox', { name: 'Email' }).fill(email);
    await form.getByRole('combobox', { name: 'Role' }).selectOption('member');
    await form.getByRole('button', { name: 'Add user' }).click();
    await form.getByText(`Added ${name}`).waitFor({ timeout: 10_000 });
  }
  const rows = page.getByTestId('user-row');
  await rows.filter({ hasText: 'nia@acme.example' }).waitFor({ timeout: 10_000 });
  const texts = await rows.allTextContents();
  assert.equal(texts.length, 3, `user rows: ${texts.join(' | ')}`);
  assert.ok(texts.some((t) => /Mel.*Member/.test(t)) && texts.some((t) => /Olive Owner \(you\).*Owner/.test(t)), texts.join(' | '));
  await shootThemes(page, 'approvals-admin-users');
});

test('the owner pre-approves app A for everyone and app B for Mel on their detail pages', async () => {
  [appA, appB] = await appsFromDiscover('type=user&sort=name', 2);
  [accountApp] = await appsFromDiscover('type=account&sort=name', 1);
  assert.ok(appA.id && appB.id && accountApp.id, `apps read from Discover: ${JSON.stringify({ appA, appB, accountApp })}`);

  await openApp(appA);
  const panel = page.getByTestId('approval-panel');
  await panel.waitFor({ timeout: 10_000 });
  await page.locator('[data-testid="approval-state"][data-scope="none"]').waitFor();
  await panel.getByRole('button', { name: 'Approve for everyone' }).click();
  await page.locator('[data-testid="approval-state"][data-scope="account"]').waitFor({ timeout: 10_000 });
  await actionArea('install').waitFor({ timeout: 10_000 });

  await openApp(appB);
  await page.locator('[data-testid="approval-state"][data-scope="none"]').waitFor({ timeout: 10_000 });
  await panel.getByRole('checkbox', { name: /^Mel\b/ }).check();
  await panel.getByRole('textbox', { name: 'Note (optional)' }).fill('Pilot for the sales team');
  await panel.getByRole('button', { name: 'Approve for chosen users' }).click();
  const state = page.locator('[data-testid="approval-state"][data-scope="users"]');
  await state.waitFor({ timeout: 10_000 });
  await waitForText(state, /Approved for 1 user.*Mel/, 'the approval of B');
  await shootThemes(page, 'approvals-detail-manager', { fullPage: true });
});

test('"Pre-approved for me": Mel sees A and B, Nia only A', async () => {
  await switchTo('Mel');
  assert.equal(await nav().getByRole('link', { name: /^Admin/ }).count(), 0, 'a member has no Admin link');
  assert.deepEqual(await preApprovedForMe(), [appA.name, appB.name].sort());
  await switchTo('Nia');
  assert.deepEqual(await preApprovedForMe(), [appA.name]);
});

test('a member may request an account-level app, never install it', async () => {
  await openApp(accountApp);
  await actionArea('request').waitFor({ timeout: 10_000 });
  assert.ok(await page.getByRole('button', { name: 'Request this app' }).isVisible());
  assert.equal(await page.getByText('Only admins can install this').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Install' }).count(), 0, 'a member gets no Install button for an account-level app');
  assert.equal(await page.getByTestId('approval-panel').count(), 0, 'members have no Approval panel');
});

test('Nia asks for B; the owner sees the badge and denies it with a note', async () => {
  await openApp(appB);
  await actionArea('request').waitFor({ timeout: 10_000 });
  await shootThemes(page, 'approvals-detail-request');
  await page.getByRole('button', { name: 'Request pre-approval' }).click();
  await page.getByRole('textbox', { name: 'Reason (optional)' }).fill(reason);
  await shootThemes(page, 'approvals-detail-request-form');
  await page.getByRole('button', { name: 'Send request' }).click();
  await actionArea('pending').waitFor({ timeout: 10_000 });
  assert.match((await actionArea('pending').textContent()) ?? '', /Request pending since/);
  await shootThemes(page, 'approvals-detail-pending');

  await switchTo('Olive');
  await waitForText(page.getByTestId('pending-badge'), '1', 'the Admin badge');
  await openAdmin('Requests');
  const row = page.getByTestId('request-row').filter({ hasText: 'Nia' });
  await row.waitFor({ timeout: 10_000 });
  assert.match((await row.textContent()) ?? '', new RegExp(`${appB.name}.*${reason}`));
  await shootThemes(page, 'approvals-admin-requests');
  await row.getByRole('button', { name: 'Deny' }).click();
  await row.getByRole('textbox', { name: /Note to the requester/ }).fill(denyNote);
  await row.getByRole('button', { name: 'Deny request' }).click();
  await page.getByText('No requests to review').waitFor({ timeout: 10_000 });
  await page.getByTestId('pending-badge').waitFor({ state: 'detached', timeout: 10_000 });
});

test('Nia sees the denial with the note and asks again; the owner approves it for her; she can install', async () => {
  await switchTo('Nia');
  await openApp(appB);
  await actionArea('denied').waitFor({ timeout: 10_000 });
  await waitForText(page.getByTestId('decision-note'), `“${denyNote}”`, 'the manager’s note');
  await shootThemes(page, 'approvals-detail-denied');
  await page.getByRole('button', { name: 'Ask again' }).click();
  await page.getByRole('textbox', { name: 'Reason (optional)' }).fill('The workspace lacks the planning views');
  await page.getByRole('button', { name: 'Send request' }).click();
  await actionArea('pending').waitFor({ timeout: 10_000 });

  await switchTo('Olive');
  await openAdmin('Requests');
  await page.getByRole('button', { name: new RegExp(`^Approve ${appB.name} for Nia`) }).click();
  await page.getByText('No requests to review').waitFor({ timeout: 10_000 });

  await switchTo('Nia');
  await openApp(appB);
  await actionArea('install').waitFor({ timeout: 10_000 });
  assert.ok(await page.getByRole('button', { name: 'Install' }).isVisible());
  await shootThemes(page, 'approvals-detail-install');

  await nav().getByRole('link', { name: 'My requests' }).click();
  const rows = page.getByTestId('my-request-row');
  await rows.first().waitFor({ timeout: 10_000 });
  const statuses = await page.getByTestId('request-status').allTextContents();
  assert.deepEqual([...statuses].sort(), ['Approved', 'Denied']);
  assert.match((await page.getByTestId('my-requests').textContent()) ?? '', new RegExp(denyNote));
  await shootThemes(page, 'approvals-my-requests');
});

test('the audit log lists the steps; Admin tabs screenshots', async () => {
  await switchTo('Olive');
  await openAdmin('Audit log');
  const rows = page.getByTestId('audit-row');
  await rows.first().waitFor({ timeout: 10_000 });
  const actions = await page.locator('[data-testid="audit-row"] .audit-action').allTextContents();
  for (const want of ['account.created', 'user.added', 'approval.granted', 'request.created', 'request.denied', 'request.approved', 'session.switched']) {
    assert.ok(actions.includes(want), `the audit log lacks ${want}: ${actions.join(', ')}`);
  }
  await shootThemes(page, 'approvals-admin-audit');

  await page.getByRole('combobox', { name: 'Action' }).selectOption('request.');
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="audit-row"] .audit-action')].every((el) => el.textContent?.startsWith('request.')),
    null,
    { timeout: 10_000 },
  );
  const filtered = await page.locator('[data-testid="audit-row"] .audit-action').allTextContents();
  assert.deepEqual([...new Set(filtered)].sort(), ['request.approved', 'request.created', 'request.denied']);

  await openAdmin('Apps');
  await page.getByTestId('admin-app-row').first().waitFor({ timeout: 10_000 });
  await shootThemes(page, 'approvals-admin-apps');
  await openAdmin('Account');
  const require = page.getByRole('switch', { name: 'Require pre-approval' });
  await require.waitFor();
  await shootThemes(page, 'approvals-admin-account');

  // Turning it off opens installs to everyone: a dialog asks first, and Cancel (focused) changes nothing.
  await require.click();
  const dialog = page.getByRole('dialog', { name: 'Turn off pre-approval?' });
  await dialog.waitFor({ timeout: 10_000 });
  assert.match((await dialog.textContent()) ?? '', /Everyone in .* will be able to install any user-level app/);
  await shootThemes(page, 'approvals-require-off-dialog');
  await page.keyboard.press('Enter'); // Cancel has the focus
  await dialog.waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal(await require.getAttribute('aria-checked'), 'true', 'Cancel leaves pre-approval on');
  await require.click();
  await dialog.getByRole('button', { name: 'Turn off pre-approval' }).click();
  await page.waitForFunction(() => document.querySelector('[role="switch"]')?.getAttribute('aria-checked') === 'false', null, { timeout: 10_000 });
  await require.click(); // back on: no question
  await page.waitForFunction(() => document.querySelector('[role="switch"]')?.getAttribute('aria-checked') === 'true', null, { timeout: 10_000 });
  assert.equal(await dialog.count(), 0);
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, [], `the page reported errors:\n${errors.join('\n')}\n${logTail(artifactPath('approvals-app-dev.log'))}`);
});
