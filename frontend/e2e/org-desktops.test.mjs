// Two desktops of one organization, end to end (issue 12, acceptance 1 and 2):
// a private PostgreSQL, the dev identity provider and the organization server
// (harness startOrganization()), a developer's https server on loopback (the
// feed the manager adds at the server, and the receiver of its signed
// notices: org-developer.mjs), and two dev builds with their own data
// directories, keyrings (the suite's D-Bus session and a second one) and
// Chromium contexts. Ada (manager) works on desktop A, Max (member) on B;
// both sign in through Settings → Organization.
//
// What one does reaches the other live, through the server's event stream:
// a pre-approval, a request, a decision with a note, an account-level
// install; a removal's notice is sent and signed by the server; a block
// takes Install away and the server refuses a forced install. With the
// server stopped, a request says it needs the organization; an event
// published meanwhile arrives after the reconnect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  artifactPath,
  browserHook,
  cleanupAll,
  collectPageErrors,
  devBinary,
  launchBrowser,
  logTail,
  orgApi,
  orgApiToken,
  orgPeople,
  requireDbus,
  run,
  signInAtProvider,
  signInToOrg,
  startApp,
  startKeyringSession,
  startOrganization,
  startXvfb,
  tempDataDir,
} from './harness.mjs';
import { startDeveloper } from './org-developer.mjs';

/** Apps of the embedded catalog (sandbox, no configuration) that the org's feed lists too, and one of the feed's own. */
const apps = {
  preApproved: { id: 'daybook', name: 'Daybook' }, // X: pre-approved for Max, later blocked
  requested: { id: 'tasklight', name: 'Tasklight' }, // Y: requested, approved, installed, removed keeping data
  accountLevel: { id: 'emoji-forge', name: 'Emoji Forge', type: 'account' }, // Z: installed by Ada for everyone
  offline: { id: 'huddle-horn', name: 'Huddle Horn' }, // requested while the server is down, decided meanwhile
  feedOnly: { id: 'e2e-org-handbook', name: 'Org Handbook' }, // only in the organization's feed
};
const approvalNote = 'Approved for the planning pilot';
const noticeSecret = `whsec_${Buffer.from('org-e2e-notice-secret-32-bytes!!').toString('base64')}`;

let org;
let developer;
let managerToken;
let browser;
let display;
const desk = {}; // a: Ada's desktop, b: Max's, c: one deployed by a policy file

async function startDesktop(key, { person, keyring = {}, firstRun = 'region' }) {
  // A fresh data directory: the first-run screen connects it (a local account would not be the person's).
  const dataDir = tempDataDir(`marketdesk-e2e-org-${key}-`);
  const name = `org-desktops-${key}`;
  const systemBrowser = browserHook(dataDir, name);
  const extraEnv = { ...systemBrowser.env, ...keyring };
  const app = await startApp({ binary: devBinary, dataDir, display, dev: true, name, extraEnv });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(app.url, { waitUntil: 'load' });
  const welcome = firstRun === 'region' ? page.getByRole('region', { name: 'Connect to your organization' }) : page.getByRole('heading', { level: 1, name: 'Connect to your organization' });
  await welcome.waitFor({ timeout: 30_000 });
  return { key, person, dataDir, name, app, context, page, errors, systemBrowser };
}

before(async () => {
  requireDbus();
  developer = await startDeveloper(apps);
  const orgReady = startOrganization({
    name: 'org-desktops',
    testing: { allow_loopback_feeds: true, allow_loopback_notices: true },
    trustCertFile: developer.certFile,
  });
  orgReady.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
  const [xvfb, keyringB] = await Promise.all([startXvfb({ name: 'org-desktops-xvfb' }), startKeyringSession({ name: 'org-desktops-keyring-b' })]);
  browser = await launchBrowser();
  display = xvfb.display;
  org = await orgReady;

  // The manager's part at the server itself: the catalog source and the app's notice signing secret.
  managerToken = await orgApiToken(browser, org, orgPeople.admin);
  const added = await orgApi(org, managerToken, 'POST', '/api/v1/sources', { url: developer.feedUrl });
  assert.equal(added.skipped?.length ?? 0, 0, `the feed's listings are all kept: ${JSON.stringify(added.skipped)}`);
  await orgApi(org, managerToken, 'PUT', `/api/v1/notice-secrets/${apps.requested.id}`, { secret: noticeSecret });

  [desk.a, desk.b] = await Promise.all([
    startDesktop('a', { person: orgPeople.admin }),
    startDesktop('b', { person: orgPeople.member, keyring: keyringB.env }),
  ]);
  for (const d of [desk.a, desk.b]) {
    await signInToOrg({ page: d.page, context: d.context, org, person: d.person, systemBrowser: d.systemBrowser, logName: d.name, from: 'welcome' });
  }
});

after(async () => {
  await developer?.close();
  await cleanupAll();
});

function logs(what) {
  return `${what}\nA:\n${logTail(artifactPath('org-desktops-a.log'), 20)}\nB:\n${logTail(artifactPath('org-desktops-b.log'), 20)}\nserver:\n${logTail(artifactPath('org-desktops-server.log'), 20)}`;
}

const nav = (d) => d.page.getByRole('navigation', { name: 'Main' });
const actionArea = (d, state) => d.page.locator(`[data-testid="action-area"][data-state="${state}"]`);

async function openApp(d, listing) {
  await d.page.goto(`${d.app.url}#/apps/${encodeURIComponent(listing.id)}`);
  await d.page.getByRole('heading', { level: 1, name: listing.name }).waitFor({ timeout: 15_000 });
}

async function waitFor(locator, what, timeout = 15_000) {
  await locator.waitFor({ timeout }).catch(async () => {
    for (const d of [desk.a, desk.b]) await d?.page.screenshot({ path: artifactPath(`org-desktops-failed-${d.key}.png`) }).catch(() => {});
    assert.fail(logs(what));
  });
}

/** Install → Continue → Allow on the sandbox's consent page in d's "system browser". */
async function installThroughConsent(d, listing) {
  await d.page.getByRole('button', { name: 'Install' }).click();
  await d.page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
  const consent = await d.context.newPage();
  await consent.goto(await d.systemBrowser.next());
  await consent
    .getByRole('heading', { name: `Allow ${listing.name} to access your account?` })
    .waitFor({ timeout: 15_000 })
    .catch(async () => {
      await consent.screenshot({ path: artifactPath(`org-desktops-failed-consent-${d.key}.png`) });
      assert.fail(logs(`no consent page for ${listing.name} on ${d.key}: ${(await consent.textContent('body'))?.slice(0, 300)}`));
    });
  await consent.getByRole('button', { name: 'Allow' }).click();
  await consent
    .getByText('You can close this window')
    .waitFor({ timeout: 15_000 })
    .catch(async () => {
      await consent.screenshot({ path: artifactPath(`org-desktops-failed-consent-${d.key}.png`) });
      const said = await d.page.getByRole('dialog').textContent().catch(() => '(no dialog)');
      assert.fail(logs(`the consent for ${listing.name} on ${d.key} did not finish; the window says: ${said}`));
    });
  await consent.close();
  await waitFor(actionArea(d, 'installed'), `${listing.name} was not installed on ${d.key}`, 20_000);
}

test('both desktops are signed in as their person, with the organization’s feed in the catalog', async () => {
  for (const d of [desk.a, desk.b]) {
    await nav(d).getByRole('link', { name: 'Settings' }).click();
    await waitFor(d.page.getByTestId('org-me'), `Settings on ${d.key} does not say who is connected`);
    assert.equal(await d.page.getByTestId('org-me').textContent(), `${d.person.name} <${d.person.email}>`);
    // The account button names the person.
    assert.equal(await d.page.getByTestId('me-name').textContent(), d.person.name);
  }
  assert.match((await desk.a.page.getByTestId('org-role').textContent()) ?? '', /^admin, marketplace manager$/);
  assert.equal(await desk.b.page.getByTestId('org-role').textContent(), 'member');
  // The feed's own app arrives with the sync that follows the sign-in. Asked through the bound
  // method rather than shown: its icon is on the developer's loopback server, which a desktop
  // never fetches for the organization's feed (netguard: a public source may not reach loopback).
  const listing = () => desk.b.page.evaluate((id) => window.go.catalog.Service.Listing(id).then((l) => l.name, (e) => String(e)), apps.feedOnly.id);
  for (const deadline = Date.now() + 30_000; (await listing()) !== apps.feedOnly.name; await new Promise((r) => setTimeout(r, 500))) {
    assert.ok(Date.now() < deadline, logs(`the organization’s feed is not in B’s catalog: ${await listing()}`));
  }
});

test('Ada pre-approves X for Max: Max’s open detail page offers Install without a reload', async () => {
  await openApp(desk.b, apps.preApproved);
  await waitFor(actionArea(desk.b, 'request'), 'Max is not offered a request before the pre-approval');
  const marker = await desk.b.page.evaluate(() => (window.__noReload = Math.random()));

  await openApp(desk.a, apps.preApproved);
  const panel = desk.a.page.getByTestId('approval-panel');
  await panel.getByRole('checkbox', { name: new RegExp(`^${orgPeople.member.name}\\b`) }).check();
  await panel.getByRole('button', { name: 'Approve for chosen users' }).click();
  await waitFor(desk.a.page.locator('[data-testid="approval-state"][data-scope="users"]'), 'the pre-approval did not show on A');

  await waitFor(actionArea(desk.b, 'install'), 'Max’s page did not offer Install after the pre-approval');
  assert.equal(await desk.b.page.evaluate(() => window.__noReload), marker, 'the page was reloaded');
});

test('Max requests Y: Ada’s badge counts it; approved with a note, Max hears within 2 s and installs through the consent page', async () => {
  await openApp(desk.b, apps.requested);
  await desk.b.page.getByRole('button', { name: 'Request pre-approval' }).click();
  await desk.b.page.getByRole('textbox', { name: 'Reason (optional)' }).fill('Daily planning');
  await desk.b.page.getByRole('button', { name: 'Send request' }).click();
  await waitFor(actionArea(desk.b, 'pending'), 'the request is not pending on B');

  await waitFor(desk.a.page.getByTestId('pending-badge').filter({ hasText: '1' }), 'Ada’s Admin badge did not count the request');
  await nav(desk.a).getByRole('link', { name: /^Admin/ }).click();
  await desk.a.page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: /^Requests/ }).click();
  const row = desk.a.page.getByTestId('request-row').filter({ hasText: orgPeople.member.name });
  await row.getByRole('button', { name: 'Approve with a note' }).click();
  await row.getByRole('textbox', { name: /Note to the requester/ }).fill(approvalNote);
  const decided = Date.now();
  await row.getByRole('button', { name: 'Approve request' }).click();

  const toast = desk.b.page.getByRole('status').filter({ hasText: approvalNote });
  await waitFor(toast, 'Max saw no toast of the decision');
  const took = Date.now() - decided;
  assert.ok(took < 2_000, `the decision took ${took} ms to reach Max`);
  assert.equal(await desk.b.page.getByTestId('decisions-badge').textContent(), '1', 'the My requests badge counts the decision');

  await waitFor(actionArea(desk.b, 'install'), 'Max is not offered Install after the approval');
  await installThroughConsent(desk.b, apps.requested);
});

test('Ada installs the account-level Z: Max sees it installed by the account', async () => {
  await openApp(desk.b, apps.accountLevel);
  await openApp(desk.a, apps.accountLevel);
  await installThroughConsent(desk.a, apps.accountLevel);
  const installed = actionArea(desk.b, 'installed').filter({ hasText: `Installed by ${orgPeople.admin.name} for everyone` });
  await waitFor(installed, 'Max does not see Z installed by the account');
});

test('Max removes Y keeping his data: the developer gets one notice, signed by the server, with user_data_retention true', async () => {
  await openApp(desk.b, apps.requested);
  await desk.b.page.getByTestId('manage-link').click();
  await desk.b.page.getByTestId('manage-remove').getByRole('button', { name: 'Remove' }).click();
  const dialog = desk.b.page.getByRole('dialog', { name: `Remove ${apps.requested.name}?` });
  await dialog.getByRole('checkbox', { name: /to keep my data$/ }).check();
  await dialog.getByRole('button', { name: `Remove ${apps.requested.name}` }).click();
  await waitFor(desk.b.page.getByText(`${apps.requested.name} was removed`), 'the removal did not finish on B', 20_000);

  const deadline = Date.now() + 30_000;
  while (developer.notices.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.equal(developer.notices.length, 1, logs('the developer did not get one notice'));
  const [{ headers, body }] = developer.notices;
  const key = Buffer.from(noticeSecret.slice('whsec_'.length), 'base64');
  const expected = `v1,${createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64')}`;
  assert.ok(headers['webhook-signature'].split(' ').includes(expected), `signature ${headers['webhook-signature']} is not the server's`);
  const notice = JSON.parse(body);
  assert.equal(notice.app_id, apps.requested.id);
  assert.equal(notice.user_data_retention, true);
  // Nothing more arrives (a desktop's own outbox would send a second one).
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(developer.notices.length, 1, 'a second notice arrived');
});

test('Ada blocks X: Max’s Install disappears, and a forced install through the bound method is refused by the server', async () => {
  await openApp(desk.b, apps.preApproved);
  await waitFor(actionArea(desk.b, 'install'), 'Max is not offered Install of X before the block');
  await openApp(desk.a, apps.preApproved);
  await desk.a.page.getByTestId('approval-panel').getByRole('button', { name: 'Block' }).click();
  await waitFor(desk.a.page.locator('[data-testid="approval-state"][data-scope="blocked"]'), 'the block did not show on A');

  await desk.b.page.getByRole('button', { name: 'Install' }).waitFor({ state: 'detached', timeout: 15_000 }).catch(() => assert.fail(logs('Max still has Install after the block')));
  const refusal = await desk.b.page.evaluate(async (id) => {
    try {
      await window.go.install.Service.Begin(id);
      return null;
    } catch (err) {
      return String(err?.message ?? err);
    }
  }, apps.preApproved.id);
  // The server's words (server/catalogsrv admission), not the desktop's own "your admins blocked this app".
  assert.match(refusal ?? 'installed', new RegExp(`the account's marketplace managers blocked ${apps.preApproved.id}`), 'the server refuses the forced install');
  const installs = await orgApi(org, managerToken, 'GET', `/api/v1/installations?app_id=${apps.preApproved.id}`);
  assert.equal(installs.installations.length, 0, 'the server registered no installation of the blocked app');
});

test('the server stops: a request says it needs the organization; back, Max catches up on the decision made meanwhile', async () => {
  await openApp(desk.b, apps.offline);
  await org.stopServer();
  await waitFor(desk.b.page.getByTestId('org-offline'), 'B shows no offline marker');
  await desk.b.page.getByRole('button', { name: 'Request pre-approval' }).click();
  await desk.b.page.getByRole('textbox', { name: 'Reason (optional)' }).fill('For stand-ups');
  await desk.b.page.getByRole('button', { name: 'Send request' }).click();
  const alert = desk.b.page.getByRole('alert').filter({ hasText: /needs the organization server/ });
  await waitFor(alert, 'the request attempt did not say it needs the organization');
  assert.equal(await desk.b.page.getByRole('textbox', { name: 'Reason (optional)' }).inputValue(), 'For stand-ups', 'the reason typed was lost');

  // While B's server address stays down, Ada pre-approves the app for Max
  // through a second instance on the same database: an event B cannot hear
  // live, whatever its retry timing. Then B's server comes back.
  const replica = await org.startReplica();
  try {
    await orgApi(replica, managerToken, 'POST', '/api/v1/approvals', { listing_id: apps.offline.id, scope: 'user', user_ids: [await maxId(replica)] });
  } finally {
    await replica.stop();
  }
  assert.equal(await desk.b.page.getByTestId('org-offline').count(), 1, 'B went online while its server was stopped');
  await org.startServer();
  await desk.b.page
    .getByTestId('org-offline')
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => assert.fail(logs('B did not reconnect by itself')));
  await waitFor(actionArea(desk.b, 'install'), 'B did not catch up on the pre-approval made while it was offline', 20_000);
});

async function maxId(server = org) {
  const { users } = await orgApi(server, managerToken, 'GET', '/api/v1/users');
  return users.find((u) => u.email === orgPeople.member.email).id;
}

test('a desktop deployed by a policy file goes into organization mode with no click beyond the SSO sign-in', async () => {
  const policyFile = path.join(tempDataDir('marketdesk-e2e-org-policy-'), 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ server: org.url, local_mode: false, personal_sources: false }));
  desk.c = await startDesktop('c', { person: orgPeople.member, keyring: { MARKETDESK_POLICY_FILE: policyFile }, firstRun: 'managed' });
  const { page, context, systemBrowser } = desk.c;
  assert.equal(await page.getByRole('button', { name: 'Create account' }).count(), 0, 'the policy forbids the local account');
  // No click in the window: the sign-in opens in the system browser by itself.
  const login = await context.newPage();
  await signInAtProvider(login, await systemBrowser.next(30_000), org, orgPeople.member);
  await login.waitForURL((u) => u.hostname === '127.0.0.1' && !u.href.startsWith(org.url) && !u.href.startsWith(org.issuer), { timeout: 15_000 });
  await login.close();
  await waitFor(page.getByTestId('me-name').filter({ hasText: orgPeople.member.name }), 'the deployed desktop did not open as Max', 30_000);
  await nav(desk.c).getByRole('link', { name: 'Settings' }).click();
  await waitFor(page.getByTestId('org-me'), 'Settings on the deployed desktop does not say who is connected');
  assert.equal(await page.getByTestId('org-me').textContent(), `${orgPeople.member.name} <${orgPeople.member.email}>`);
});

test('no page errors or console errors on any desktop', () => {
  for (const d of [desk.a, desk.b, desk.c].filter(Boolean)) assert.deepEqual(d.errors, [], logs(`desktop ${d.key} reported errors:\n${d.errors.join('\n')}`));
});
