// The shell in a real browser against the real Go services: the dev binary
// serves the built frontend plus the Wails IPC, Chromium clicks through it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  artifactPath,
  cleanupAll,
  devBinary,
  initAccount,
  openDevPage,
  requireDbus,
  tempDataDir,
} from './harness.mjs';

let page;
let dataDir;
let errors;

before(async () => {
  requireDbus();
  dataDir = tempDataDir('marketdesk-e2e-shell-');
  await initAccount(devBinary, dataDir);
  ({ page, errors } = await openDevPage({ name: 'shell', dataDir }));
});

after(async () => {
  await cleanupAll();
});

const pages = [
  { link: 'Discover', heading: /^Discover$/i },
  { link: 'Installed', heading: /^Installed$/i },
  { link: 'My requests', heading: /^My requests$/i },
  { link: 'Admin', heading: /^Admin/i },
  { link: 'Settings', heading: /^Settings$/i },
  { link: 'About', heading: /^About( Marketdesk)?$/i },
];

test('the sidebar leads to every page', async () => {
  const nav = page.locator('nav[aria-label="Main"]');
  await nav.waitFor({ state: 'visible', timeout: 15_000 });
  for (const { link, heading } of pages) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor({ state: 'visible', timeout: 10_000 });
  }
});

test('About shows what Go reports about this data directory', async () => {
  await page.locator('nav[aria-label="Main"]').getByRole('link', { name: 'About', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /^About( Marketdesk)?$/i }).waitFor({ timeout: 10_000 });

  const dirCell = page.locator('[data-testid="about-data-dir"]');
  await dirCell.waitFor({ state: 'visible', timeout: 15_000 });
  const dirText = (await dirCell.textContent()) ?? '';
  assert.ok(dirText.includes(dataDir), `about-data-dir shows ${JSON.stringify(dirText)}, want it to contain ${dataDir}`);

  const schemaText = (await page.locator('[data-testid="about-schema"]').textContent()) ?? '';
  assert.match(schemaText, /\d+/, `about-schema shows ${JSON.stringify(schemaText)}, want a number`);

  await page.screenshot({ path: artifactPath('shell-about.png'), fullPage: true });
});

test('no page errors or console errors', () => {
  assert.deepEqual(errors, [], `the page reported errors:\n${errors.join('\n')}`);
});
