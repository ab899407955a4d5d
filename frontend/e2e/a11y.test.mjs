// Accessibility, end to end: axe-core (injected into the real page) on every
// page and dialog in light and in dark, then the keyboard alone: the skip link,
// focus on the new page's heading after each navigation, the screenshot viewer
// and every dialog (Tab stays inside, Escape closes, focus returns).
//
// From a fresh data directory: the Welcome form creates the account, the owner
// adds a member, pre-approves Tidepool Notes (three screenshots, a configuration
// form) and installs it through the sandbox's consent page, configures and
// removes it. Both of the sandbox's pages (consent, "done") are checked too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  browserHook,
  cleanupAll,
  openDevPage,
  requireDbus,
  tempDataDir,
} from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const owner = { account: 'Acme', name: 'Olive Owner', email: 'olive@acme.example' };
/** A user-level app of the embedded catalog with three screenshots and a configuration form. */
const shots = { id: 'tidepool-notes', name: 'Tidepool Notes', screenshots: 3 };

let app;
let context;
let page;
let errors;
let systemBrowser;
/** Every violation of the run, for the summary at the end. */
const allViolations = [];

before(async () => {
  requireDbus();
  const dataDir = tempDataDir('marketdesk-e2e-a11y-');
  systemBrowser = browserHook(dataDir, 'a11y-app-dev');
  // bypassCSP: axe is injected as a script tag; the app's own CSP (script-src 'self') would refuse it.
  ({ app, context, page, errors } = await openDevPage({ name: 'a11y', dataDir, extraEnv: systemBrowser.env, contextOptions: { viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce', bypassCSP: true } }));
});

after(async () => {
  // The count is the number to compare between runs (see e2e/README.md).
  console.log(`# axe: ${allViolations.length} violation(s) in this run`);
  await cleanupAll();
});

/**
 * Runs axe on what p shows now, in light and in dark; returns the violations as
 * "where [scheme] id: target, …" lines (and keeps them for the summary).
 */
async function axe(where, p = page) {
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    await p.emulateMedia({ colorScheme });
    if (!(await p.evaluate(() => typeof window.axe === 'object'))) await p.addScriptTag({ path: axePath });
    const violations = await p.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
    for (const v of violations) found.push(`${where} [${colorScheme}] ${v.id}: ${v.targets.join(', ')}`);
  }
  await p.emulateMedia({ colorScheme: 'light' });
  allViolations.push(...found);
  return found;
}

/** Shows and checks every place in turn; returns all of their violations. */
async function axeEach(checks) {
  const found = [];
  for (const [where, show] of checks) {
    await show();
    found.push(...(await axe(where)));
  }
  return found;
}

/** One failure listing every violation: page, theme, rule id and targets. */
function assertClean(found) {
  assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
}

const axeAll = async (checks) => assertClean(await axeEach(checks));

const nav = () => page.getByRole('navigation', { name: 'Main' });
const dialog = () => page.getByRole('dialog');
const h1 = (name) => page.getByRole('heading', { level: 1, name });
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), text: (el?.textContent ?? '').trim(), inDialog: Boolean(el?.closest('[role="dialog"]')) };
  });

async function waitForFocus(what, check) {
  const deadline = Date.now() + 15_000;
  let now;
  while (Date.now() < deadline) {
    now = await focused();
    if (check(now)) return now;
    await page.waitForTimeout(50);
  }
  assert.fail(`${what}: focus is on ${JSON.stringify(now)}`);
}

/** Focus lands on the new page's h1 with this text. */
const focusOnHeading = (text) => waitForFocus(`the heading "${text}"`, (f) => f.tag === 'h1' && f.text.includes(text));

/** Tab forward n times: focus never leaves the dialog. */
async function tabStaysInDialog(n) {
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
    await page.keyboard.press('Tab');
    const f = await focused();
    assert.ok(f.inDialog, `Tab ${i + 1}: focus left the dialog for ${JSON.stringify(f)}`);
  }
}

async function openAdmin(tab) {
  await page.goto(`${app.url}#/admin/${tab}`);
  await page.getByRole('navigation', { name: 'Admin sections' }).waitFor({ timeout: 15_000 });
}

test('Welcome, empty and with a refused email, has no violations; it creates the account', async () => {
  await h1('Set up your account').waitFor({ timeout: 30_000 });
  const found = await axeEach([
    ['Welcome', async () => {}],
    [
      'Welcome with an error',
      async () => {
        await page.getByRole('textbox', { name: 'Account name' }).fill(owner.account);
        await page.getByRole('textbox', { name: 'Your name' }).fill(owner.name);
        await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
        await page.getByRole('button', { name: 'Create account' }).click();
        await page.getByRole('alert').waitFor({ timeout: 15_000 });
      },
    ],
  ]);
  await page.getByRole('textbox', { name: 'Email' }).fill(owner.email);
  await page.getByRole('button', { name: 'Create account' }).click();
  await h1('Discover').waitFor({ timeout: 30_000 });
  await page.getByTestId('row-popular').waitFor({ timeout: 30_000 });
  assertClean(found);
});

test('the skip link is the first Tab stop and reaches the results', async () => {
  for (const [url, first] of [
    ['#/discover', '.app-tile'],
    ['#/discover?q=notes', '[data-testid="result-row"]'],
  ]) {
    // A fresh load: Tab starts from the top of the window.
    await page.goto(`${app.url}${url}`);
    await page.reload();
    await page.locator(first).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Tab');
    const skip = await focused();
    assert.equal(skip.text, 'Skip to results', `${url}: the first Tab stop`);
    assert.ok(await page.locator('.skip-link').isVisible(), 'the skip link shows when it has focus');
    await page.keyboard.press('Enter');
    await waitForFocus(`${url}: the first result`, () => true);
    assert.ok(
      await page.evaluate((sel) => document.activeElement === document.querySelector(sel), first),
      `${url}: Enter on the skip link focuses the first result`,
    );
    // Opening that app: focus is on its name, the detail page's h1.
    const name = (await page.locator(`${first} .app-name`).first().textContent())?.trim() ?? '';
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.startsWith('#/apps/'), null, { timeout: 15_000 });
    await focusOnHeading(name);
  }
  await page.goto(`${app.url}#/settings`);
  await page.reload();
  await h1('Settings').waitFor({ timeout: 15_000 });
  await page.keyboard.press('Tab');
  assert.equal((await focused()).text, 'Skip to main content', 'elsewhere it skips to the page');
  await page.keyboard.press('Enter');
  await focusOnHeading('Settings');
});

test('the shell pages, Admin and its tabs, and the user menu have no violations', async () => {
  await page.goto(`${app.url}#/admin/users`);
  const form = page.getByRole('region', { name: 'Add a user' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Mel');
  await form.getByRole('textbox', { name: 'Email' }).fill('mel@acme.example');
  await form.getByRole('combobox', { name: 'Role' }).selectOption('member');
  await form.getByRole('button', { name: 'Add user' }).click();
  await form.getByText('Added Mel').waitFor({ timeout: 15_000 });

  const go = (hash, heading) => async () => {
    await page.goto(`${app.url}${hash}`);
    await h1(heading).waitFor({ timeout: 15_000 });
    await page.waitForSelector('[aria-busy="true"]', { state: 'detached', timeout: 15_000 }).catch(() => {});
  };
  await axeAll([
    ['Discover', async () => {
      await go('#/discover', 'Discover')();
      await page.getByTestId('row-popular').waitFor({ timeout: 15_000 });
    }],
    ['a category', async () => {
      await page.getByRole('navigation', { name: 'Categories' }).getByRole('link').nth(1).click();
      await page.getByTestId('result-row').first().waitFor({ timeout: 15_000 });
    }],
    ['search results', async () => {
      await go('#/discover?q=notes', 'Discover')();
      await page.getByTestId('result-row').first().waitFor({ timeout: 15_000 });
    }],
    ['no results', async () => {
      await go('#/discover?q=zzzqqqxxx', 'Discover')();
      await page.getByTestId('no-results').waitFor({ timeout: 15_000 });
    }],
    ['Installed (empty)', go('#/installed', 'Installed')],
    ['My requests', go('#/requests', 'My requests')],
    ['Settings', go('#/settings', 'Settings')],
    ['About', go('#/about', 'About')],
    ...['apps', 'requests', 'users', 'audit', 'settings'].map((tab) => [`Admin › ${tab}`, go(`#/admin/${tab}`, 'Admin')]),
    ['Admin › users, removing Mel', async () => {
      await go('#/admin/users', 'Admin')();
      await page.getByRole('button', { name: /^Remove Mel/ }).click();
    }],
    ['the user menu', async () => {
      await go('#/discover', 'Discover')();
      await page.getByTestId('user-button').focus();
      await page.keyboard.press('Enter');
      await page.getByRole('menu', { name: 'Switch user' }).getByRole('menuitemradio').first().waitFor();
    }],
  ]);
  // The menu from the keyboard: focus is on the signed-in user; arrows move; Escape gives focus back.
  await waitForFocus('the signed-in user in the menu', (f) => f.tag === 'li' && f.text.includes(owner.name));
  await page.keyboard.press('ArrowDown');
  await waitForFocus('the next user', (f) => f.tag === 'li' && f.text.includes('Mel'));
  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'detached' });
  assert.ok(await page.getByTestId('user-button').evaluate((el) => el === document.activeElement), 'focus returns to the user button');
});

test('the detail page and the screenshot viewer, from the keyboard: arrows, buttons, "2 of 3", Escape', async () => {
  await page.goto(`${app.url}#/apps/${shots.id}`);
  await h1(shots.name).waitFor({ timeout: 15_000 });
  // A fresh owner installs without pre-approving first (their install is their approval): Install is
  // usable at once. The unusable Install (aria-disabled, reason described) is AppDetailPage.test.tsx's.
  await page.locator('[data-testid="action-area"][data-state="install"]').waitFor({ timeout: 15_000 });

  const strip = page.getByRole('region', { name: 'Screenshots' });
  await axeAll([['app detail', () => strip.waitFor()]]);
  assert.equal(await strip.getAttribute('tabindex'), '0', 'the strip scrolls from the keyboard');

  const first = strip.getByRole('button', { name: /^Enlarge/ }).first();
  await first.focus();
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog', { name: /Screenshot/ });
  await viewer.waitFor({ timeout: 10_000 });
  const indicator = viewer.getByTestId('screenshot-position');
  assert.equal(await indicator.textContent(), `1 of ${shots.screenshots}`);
  await axeAll([['screenshot viewer', async () => {}]]);
  await page.keyboard.press('ArrowRight');
  assert.equal(await indicator.textContent(), `2 of ${shots.screenshots}`);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await indicator.textContent(), `1 of ${shots.screenshots}`);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await indicator.textContent(), `${shots.screenshots} of ${shots.screenshots}`, 'Previous on the first wraps to the last');
  await viewer.getByRole('button', { name: 'Next screenshot' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await indicator.textContent(), `1 of ${shots.screenshots}`);
  await tabStaysInDialog(4);
  await page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'detached' });
  assert.ok(await first.evaluate((el) => el === document.activeElement), 'focus returns to the screenshot that opened it');
});

test('install from the keyboard: review, consent and "done" pages, Installed and Manage have no violations', async () => {
  const install = page.getByRole('button', { name: 'Install', exact: true });
  await install.focus();
  await page.keyboard.press('Enter');
  const review = dialog();
  await review.getByRole('heading', { name: `Install ${shots.name}` }).waitFor({ timeout: 15_000 });
  await tabStaysInDialog(6);
  await page.keyboard.press('Escape');
  await review.waitFor({ state: 'detached' });
  assert.ok(await install.evaluate((el) => el === document.activeElement), 'Escape gives focus back to Install');

  await page.keyboard.press('Enter');
  await review.getByRole('heading', { name: `Install ${shots.name}` }).waitFor({ timeout: 15_000 });
  await axeAll([['install review', async () => {}]]);
  await review.getByRole('button', { name: 'Continue' }).click();
  await review.getByTestId('install-waiting').waitFor({ timeout: 15_000 });
  await review.getByRole('button', { name: 'Copy link' }).waitFor({ timeout: 15_000 });
  await axeAll([['install waiting', async () => {}]]);

  const consent = await context.newPage();
  await consent.goto(await systemBrowser.next());
  await consent.getByRole('heading', { name: `Allow ${shots.name} to access your account?` }).waitFor({ timeout: 15_000 });
  const consentFound = await axe('sandbox consent page', consent);
  await consent.getByRole('button', { name: 'Allow' }).click();
  await consent.getByText('You can close this window').waitFor({ timeout: 15_000 });
  consentFound.push(...(await axe('sandbox "done" page', consent)));
  await consent.close();
  assertClean(consentFound);

  await review.waitFor({ state: 'detached', timeout: 20_000 });
  const manage = page.getByRole('link', { name: `Manage ${shots.name}` });
  await manage.focus();
  await page.keyboard.press('Enter');
  await focusOnHeading(shots.name);
  await page.getByTestId('manage').waitFor({ timeout: 15_000 });
  await axeAll([
    ['Manage', async () => {}],
    ['Installed', async () => {
      await nav().getByRole('link', { name: 'Installed' }).focus();
      await page.keyboard.press('Enter');
      await focusOnHeading('Installed');
      await page.getByTestId('installed-row').first().waitFor({ timeout: 15_000 });
    }],
  ]);
});

test('after each navigation focus is on the new page’s heading; removal works from the keyboard', async () => {
  for (const [link, heading] of [['Discover', 'Discover'], ['My requests', 'My requests'], ['Settings', 'Settings'], ['About', 'About'], ['Installed', 'Installed']]) {
    await nav().getByRole('link', { name: link, exact: true }).focus();
    await page.keyboard.press('Enter');
    await focusOnHeading(heading);
  }
  const row = page.getByTestId('installed-row').first();
  await row.getByRole('link', { name: /^Configure/ }).focus();
  await page.keyboard.press('Enter');
  await focusOnHeading(shots.name);

  const remove = page.getByTestId('manage-remove').getByRole('button', { name: 'Remove' });
  await remove.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: `Remove ${shots.name}?` });
  await confirm.waitFor({ timeout: 15_000 });
  await axeAll([['removal', async () => {}]]);
  await tabStaysInDialog(5);
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  assert.ok(await remove.evaluate((el) => el === document.activeElement), 'Escape gives focus back to Remove');

  await page.keyboard.press('Enter');
  await confirm.waitFor();
  await confirm.getByRole('button', { name: `Remove ${shots.name}` }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#/installed', null, { timeout: 20_000 });
  await focusOnHeading('Installed');
  assert.deepEqual(errors, [], 'no page errors');
});

test('a member’s request for pre-approval, My requests and Admin › requests with a request have no violations', async () => {
  await page.getByTestId('user-button').focus();
  await page.keyboard.press('Enter');
  // The menu focuses the current user first; then the arrow keys move.
  await waitForFocus('the current user in the menu', (f) => f.text.includes(owner.name));
  await page.keyboard.press('ArrowDown');
  await waitForFocus('Mel in the menu', (f) => f.text.includes('Mel'));
  await page.keyboard.press('Enter');
  await page.getByTestId('me-name').filter({ hasText: 'Mel' }).waitFor({ timeout: 15_000 });
  // The window is rebuilt for the new user; focus is on the (new) user button.
  await waitForFocus('the user button after switching', (f) => f.tag === 'button' && f.text.includes('Mel'));

  await page.goto(`${app.url}#/apps/snapreel`);
  await h1('Snapreel').waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Request pre-approval' }).click();
  const form = page.getByRole('form', { name: 'Request pre-approval' });
  await axeAll([
    ['the request form', () => form.waitFor()],
    ['My requests with a request', async () => {
      await form.getByRole('textbox').fill('For the product videos');
      await form.getByRole('button', { name: 'Send request' }).click();
      await page.locator('[data-testid="action-area"][data-state="pending"]').waitFor({ timeout: 15_000 });
      await nav().getByRole('link', { name: 'My requests' }).click();
      await focusOnHeading('My requests');
      await page.getByText('For the product videos').waitFor({ timeout: 15_000 });
    }],
    ['Admin › requests with a request', async () => {
      await page.getByTestId('user-button').click();
      await page.getByRole('menuitemradio', { name: new RegExp(`^${owner.name}`) }).click();
      await page.getByTestId('me-name').filter({ hasText: owner.name }).waitFor({ timeout: 15_000 });
      await openAdmin('requests');
      await page.getByTestId('request-row').first().waitFor({ timeout: 15_000 });
    }],
    ['Admin › requests, denying', async () => {
      await page.getByTestId('request-row').first().getByRole('button', { name: 'Deny', exact: true }).click();
      await page.getByRole('button', { name: 'Deny request' }).waitFor();
    }],
  ]);
});

test('a declined install: the outcome dialog has no violations and Escape gives focus back to Install', async () => {
  await page.goto(`${app.url}#/apps/${shots.id}`);
  await h1(shots.name).waitFor({ timeout: 15_000 });
  const install = page.getByRole('button', { name: 'Install', exact: true });
  await install.focus();
  await page.keyboard.press('Enter');
  await dialog().getByRole('button', { name: 'Continue' }).click();
  const consent = await context.newPage();
  await consent.goto(await systemBrowser.next());
  await consent.getByRole('button', { name: 'Deny' }).click();
  await consent.getByText(/You can close this window/).waitFor({ timeout: 15_000 });
  await consent.close();
  await axeAll([['install declined', () => dialog().getByTestId('install-outcome').waitFor({ timeout: 15_000 })]]);
  await page.keyboard.press('Escape');
  await dialog().waitFor({ state: 'detached' });
  assert.ok(await install.evaluate((el) => el === document.activeElement), 'focus is back on Install');
});
