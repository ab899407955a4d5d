// A database written by a newer Marketdesk: the app opens anyway, says why it
// cannot work, and leaves the file byte for byte as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  artifactPath,
  cleanupAll,
  collectPageErrors,
  devBinary,
  launchBrowser,
  requireDbus,
  run,
  sha256File,
  startApp,
  startXvfb,
  tempDataDir,
} from './harness.mjs';

const NEWER = 99;
const DB_FILE = 'marketdesk.db'; // db.FileName

let dataDir;
let dbPath;
let supported;
let hashBefore;

// The file must be an SQLite database a newer Marketdesk could have written:
// python3's sqlite3 module writes it (no sqlite3 CLI on the image).
async function writeNewerDatabase(file, version) {
  const script = [
    'import sqlite3, sys',
    'c = sqlite3.connect(sys.argv[1])',
    "c.execute('create table settings(key text primary key, value text, updated_at text)')",
    "c.execute(\"insert into settings values ('first_run_at', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')\")",
    `c.execute('pragma user_version=${Number(version)}')`,
    'c.commit()',
    'c.close()',
  ].join('\n');
  const r = await run('python3', ['-c', script, file], { fixHint: 'apt-get install python3' });
  assert.equal(r.code, 0, `python3 could not write ${file}: ${r.stderr}`);
}

before(async () => {
  requireDbus();
  // What the binary supports, from the binary itself (doctor never creates the database).
  const probeDir = tempDataDir('marketdesk-e2e-probe-');
  const doctor = await run(devBinary, ['doctor', '--json'], {
    env: { ...process.env, MARKETDESK_HOME: probeDir },
    fixHint: 'build it with `go build -tags dev,webkit2_41 -o build/dev/marketdesk-dev .`',
  });
  let report;
  try {
    report = JSON.parse(doctor.text);
  } catch {
    throw new Error(`\`${devBinary} doctor --json\` printed no JSON (code ${doctor.code}):\n${doctor.text}\n${doctor.stderr}`);
  }
  supported = report?.database?.supportedSchemaVersion;
  assert.ok(Number.isInteger(supported) && supported > 0, `doctor --json gave database.supportedSchemaVersion=${supported}`);
  assert.ok(supported < NEWER, `this binary already supports schema ${supported} >= ${NEWER}; raise NEWER`);

  dataDir = tempDataDir('marketdesk-e2e-newer-');
  dbPath = path.join(dataDir, DB_FILE);
  await writeNewerDatabase(dbPath, NEWER);
  hashBefore = await sha256File(dbPath);
});

after(async () => {
  await cleanupAll();
});

test('a database from a newer version is reported in the window and left untouched', async () => {
  const xvfb = await startXvfb({ name: 'newer-db-xvfb' });
  const app = await startApp({ binary: devBinary, dataDir, display: xvfb.display, dev: true, name: 'newer-db-app-dev' });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectPageErrors(page);
  await page.goto(app.url, { waitUntil: 'load' });

  // Go's own word first: the bound service reports the problem.
  const problem = await page.evaluate(async () => {
    for (let i = 0; i < 100 && !window.go?.system?.Service?.StartupProblem; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return window.go.system.Service.StartupProblem();
  });
  assert.match(problem, new RegExp(`\\b${NEWER}\\b`), `StartupProblem() = ${JSON.stringify(problem)}`);

  // Then what the person sees.
  const wantSupported = new RegExp(`version ${supported}\\b`);
  let body = '';
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    body = await page.locator('body').innerText();
    if (body.includes(String(NEWER)) && wantSupported.test(body)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await page.screenshot({ path: artifactPath('newer-database.png'), fullPage: true });
  assert.ok(body.includes(String(NEWER)), `the page does not mention schema ${NEWER}; it shows:\n${body}`);
  assert.match(body, wantSupported, `the page does not say the app supports up to version ${supported}; it shows:\n${body}`);

  await app.stop();
  await browser.close();
  // Console errors are allowed here (the services refuse to work); uncaught exceptions are not.
  const uncaught = errors.filter((e) => e.startsWith('pageerror:'));
  assert.deepEqual(uncaught, [], `uncaught page errors:\n${uncaught.join('\n')}`);

  // No sidecar files from an open, no rewrite of the file.
  assert.equal(await sha256File(dbPath), hashBefore, `${dbPath} was modified`);
  for (const side of ['-wal', '-shm', '-journal']) {
    assert.ok(!existsSync(dbPath + side), `${dbPath + side} was created`);
  }
});
