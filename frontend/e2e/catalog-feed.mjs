// A catalog feed for the E2E tests, written to a directory as catalog.json
// plus icons/<id>.svg next to it: four good listings (one with a hostile
// description), two bad ones that the import must skip and report.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Ids and names the tests assert on. */
export const feedApps = {
  notes: { id: 'e2e-quokka-notes', name: 'Quokka Notes', category: 'Productivity' },
  ledger: { id: 'e2e-quokka-ledger', name: 'Quokka Ledger', category: 'Finance' },
  pipeline: { id: 'e2e-pipeline-pilot', name: 'Pipeline Pilot', category: 'Sales & CRM' },
  hostile: { id: 'e2e-hostile-markup', name: 'Hostile Markup', category: 'Productivity' },
};
export const badEntries = { badType: 'e2e-bad-type', badLink: 'e2e-bad-privacy' };

const colours = ['#4c6ef5', '#12b886', '#f59f00', '#e64980', '#228be6', '#7950f2'];

export function icon(letter, colour) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" rx="14" fill="${colour}"/>
<text x="32" y="43" font-family="sans-serif" font-size="30" font-weight="700" fill="#fff" text-anchor="middle">${letter}</text>
</svg>`;
}

export function listing({ id, name, category, type = 'user', description, summary, installs = 1000, rating = 4.2, extra = {} }) {
  return {
    id,
    name,
    developer: { name: `${name.split(' ')[0]} Labs`, website: 'https://developer.example', verified: true },
    summary: summary ?? `${name} keeps your team in step.`,
    description: description ?? `## ${name}\n\n${name} is an app for end-to-end tests.\n\n- one\n- two`,
    icon: `icons/${id}.svg`,
    categories: [category],
    type,
    scopes: [
      { name: 'profile:read', description: 'See your name and email address', sensitive: false },
      { name: 'files:write', description: 'Create and change your files', sensitive: true },
    ],
    oauth: { sandbox: true, client_id: id },
    links: {
      privacy_policy: 'https://developer.example/privacy',
      terms: 'https://developer.example/terms',
      support: 'https://developer.example/support',
    },
    stats: { installs, rating, rating_count: Math.round(installs / 10) },
    version: '1.2.0',
    published_at: '2025-01-10T09:00:00Z',
    updated_at: '2026-02-01T12:00:00Z',
    ...extra,
  };
}

/** The hostile description: a script, an event handler, a javascript: link in Markdown, raw HTML with onclick. */
export const hostileDescription = [
  '## Hostile markup',
  '',
  'Before <script>window.__pwned=1</script> after.',
  '',
  '<img src=x onerror="window.__pwned=2">',
  '',
  '[click me](javascript:window.__pwned=3)',
  '',
  '<a href="https://ok.example" onclick="window.__pwned=4">x</a>',
].join('\n');

/** Writes catalog.json and its icons into dir; returns the feed file's path. */
export function writeFeed(dir) {
  mkdirSync(path.join(dir, 'icons'), { recursive: true });
  const good = [
    listing({ ...feedApps.notes, installs: 52000, rating: 4.7 }),
    listing({ ...feedApps.ledger, type: 'account', installs: 8100, rating: 4.1 }),
    listing({ ...feedApps.pipeline, installs: 23000, rating: 4.4 }),
    listing({ ...feedApps.hostile, description: hostileDescription, installs: 10, rating: 3.1 }),
  ];
  const bad = [
    listing({ id: badEntries.badType, name: 'Everyone App', category: 'Productivity', extra: { type: 'everyone' } }),
    listing({
      id: badEntries.badLink,
      name: 'Sneaky Privacy',
      category: 'Productivity',
      extra: { links: { privacy_policy: 'javascript:alert(1)', terms: 'https://developer.example/terms' } },
    }),
  ];
  [...good, ...bad].forEach((l, i) => {
    writeFileSync(path.join(dir, 'icons', `${l.id}.svg`), icon(l.name[0], colours[i % colours.length]));
  });
  const feed = { schema_version: 1, name: 'E2E test feed', listings: [good[0], bad[0], good[1], good[2], bad[1], good[3]] };
  const file = path.join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify(feed, null, 2));
  return file;
}
