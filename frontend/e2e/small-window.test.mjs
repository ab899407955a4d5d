// Marketdesk at 800×600 in a real browser against the real Go services: every
// main page fits without sideways scrolling, the sidebar has collapsed by
// itself (and opens with its button), and search offers "Did you mean" for a
// typo from the real catalog's words.
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

let app;
let page;
let errors;

before(async () => {
  requireDbus();
  const dataDir = tempDataDir('marketdesk-e2e-small-');
  await initAccount(devBinary, dataDir);
  ({ app, page, errors } = await openDevPage({ name: 'small', dataDir, contextOptions: { viewport: { width: 800, height: 600 } } }));
});

after(async () => {
  await cleanupAll();
});

/** Sideways overflow of the document and of the scrolling page area, in px (0: none). */
function overflow() {
  return page.evaluate(() => {
    const doc = document.scrollingElement;
    const main = document.getElementById('main');
    // Cards that clip what does not fit (tables): their content must fit too.
    const clipped = [...document.querySelectorAll('#main .table-card')].map((card) => card.scrollWidth - card.clientWidth);
    return {
      document: doc.scrollWidth - window.innerWidth,
      page: main ? main.scrollWidth - main.clientWidth : 0,
      cards: Math.max(0, ...clipped),
    };
  });
}

const pages = [
  { hash: '#/discover', heading: 'Discover', ready: () => page.getByTestId('row-popular') },
  { hash: '#/discover?q=notes', heading: 'Discover', ready: () => page.getByTestId('result-row').first() },
  // The embedded catalog gives Tidepool Notes release notes: "What's new" is on its page.
  { hash: '#/apps/tidepool-notes', heading: 'Tidepool Notes', ready: () => page.getByTestId('whats-new') },
  { hash: '#/developers/Tidepool%20Software', heading: 'Apps by Tidepool Software', ready: () => page.getByTestId('developer-apps') },
  { hash: '#/installed', heading: 'Installed', ready: () => page.locator('#main') },
  { hash: '#/requests', heading: 'My requests', ready: () => page.locator('#main') },
  { hash: '#/admin/apps', heading: 'Admin', ready: () => page.locator('#main') },
  { hash: '#/admin/users', heading: 'Admin', ready: () => page.locator('#main') },
  { hash: '#/admin/audit', heading: 'Admin', ready: () => page.locator('#main') },
  { hash: '#/settings', heading: 'Settings', ready: () => page.getByRole('group', { name: 'Theme' }) },
  { hash: '#/about', heading: 'About', ready: () => page.locator('#main') },
];

test('at 800×600 every main page fits the window, with its heading and the search box in view', async () => {
  await page.getByRole('heading', { name: 'Discover', level: 1 }).waitFor({ timeout: 30_000 });
  for (const p of pages) {
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, p.hash);
    await page.getByRole('heading', { name: p.heading, level: 1 }).waitFor({ timeout: 20_000 });
    await p.ready().waitFor({ timeout: 20_000 });
    const name = p.hash.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
    await page.screenshot({ path: artifactPath(`small-${name}.png`) });
    assert.deepEqual(await overflow(), { document: 0, page: 0, cards: 0 }, `${p.hash} overflows sideways at 800×600 (see artifacts/small-${name}.png)`);
    for (const [what, locator] of [
      ['the heading', page.getByRole('heading', { name: p.heading, level: 1 })],
      ['the search box', page.getByRole('searchbox', { name: 'Search apps' })],
      ['the sidebar button', page.getByRole('button', { name: 'Sidebar' })],
    ]) {
      const box = await locator.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 800 && box.y >= 0, `${what} of ${p.hash} is not in view: ${JSON.stringify(box)}`);
    }
  }
  assert.deepEqual(errors, []);
});

test('the sidebar has collapsed by itself in the small window and opens with its button', async () => {
  const toggle = page.getByRole('button', { name: 'Sidebar' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  const narrow = await page.getByTestId('sidebar').boundingBox();
  assert.ok(narrow.width <= 64, `collapsed sidebar is ${narrow.width} px wide`);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const wide = await page.getByTestId('sidebar').boundingBox();
  assert.ok(wide.width > 200, `opened sidebar is ${wide.width} px wide`);
  assert.ok(await page.getByRole('link', { name: 'Discover' }).isVisible());
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
});

test('a typo gets "Did you mean", and one click searches the catalog word', async () => {
  const box = page.getByRole('searchbox', { name: 'Search apps' });
  await box.fill('calender');
  const hint = page.getByTestId('did-you-mean');
  await hint.waitFor({ timeout: 20_000 });
  assert.equal((await hint.textContent()).trim(), 'Did you mean calendar?');
  await hint.getByRole('button', { name: 'calendar' }).click();
  await page.getByTestId('results-count').filter({ hasText: /apps? for “calendar”/ }).waitFor({ timeout: 20_000 });
  assert.equal(await box.inputValue(), 'calendar');
  // The count can be on screen a moment before the rows: wait for a second row rather than count at once.
  await page.getByTestId('result-row').nth(1).waitFor({ timeout: 20_000 }).catch(() => assert.fail('the suggestion finds apps'));
  assert.deepEqual(errors, []);
});

test("an app's developer links to the developer's page with their other apps", async () => {
  await page.evaluate(() => {
    window.location.hash = '#/apps/tidepool-notes';
  });
  await page.getByTestId('developer-link').click();
  await page.getByRole('heading', { name: 'Apps by Tidepool Software', level: 1 }).waitFor({ timeout: 20_000 });
  const list = page.getByTestId('developer-apps');
  await list.getByText('Tidepool Notes').waitFor({ timeout: 20_000 });
  assert.ok((await list.locator('.app-tile').count()) >= 2, 'Tidepool Software has more than one app in the embedded catalog');
  assert.deepEqual(errors, []);
});
