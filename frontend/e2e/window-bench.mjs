// The window start-up benchmark (`make bench`, through scripts/bench-window.sh):
// the production Marketdesk window against an empty Wails v2 app built with
// the same flags (bench/emptywails), each started several times in turn on
// one private Xvfb screen and measured from outside by bench/windowwatch:
// launch → first frame showing the content (Marketdesk: Discover's catalog
// cards), then PSS and CPU of the process tree 10 s after that frame.
//
// node frontend/e2e/window-bench.mjs WATCHER EMPTY_APP [WARM_RUNS]
// (inside scripts/keychain-session.sh: Marketdesk needs a D-Bus session).
// MARKETDESK_BINARY picks the Marketdesk binary (default build/bin/marketdesk).
import { loadavg } from 'node:os';
import { artifactPath, cleanupAll, initAccount, productionBinary, requireDbus, run, startXvfb, tempDataDir, webkitEnv } from './harness.mjs';

const [watcher, emptyApp, warmArg] = process.argv.slice(2);
const warmRuns = Number(warmArg ?? 5);
const IDLE = '10s';

/** One start of app under windowwatch: {window_ms, paint_ms, pss_mib, cpu_s, ...}. */
async function measure(app, display, dataDir) {
  // GTK_OVERLAY_SCROLLING=0 for both: Marketdesk sets it itself on a machine
  // without a GPU (app/desktop/scrollbars.go), the empty app must see the same.
  const env = { ...webkitEnv, ...process.env, DISPLAY: display, MARKETDESK_HOME: dataDir, GTK_OVERLAY_SCROLLING: '0' };
  delete env.WAYLAND_DISPLAY;
  // The frame that counted, to look at: frontend/e2e/artifacts/bench-window-*.ppm (the last start's).
  const shot = artifactPath(`bench-window-${app.name.replace(/ /g, '-')}.ppm`);
  const r = await run(watcher, ['-title', app.title, '-idle', IDLE, '-shot', shot, '--', app.binary], { env, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`windowwatch ${app.name} exited ${r.code}: ${r.stderr.toString().trim().split('\n').slice(-15).join('\n')}`);
  return JSON.parse(r.text);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const figures = ['window_ms', 'paint_ms', 'paint_cpu_s', 'pss_mib', 'uss_mib', 'cpu_s'];
const summary = (runs) => Object.fromEntries(figures.map((f) => [f, median(runs.map((r) => r[f]))]));
const line = (name, s) =>
  `${name.padEnd(11)} window ${s.window_ms.toFixed(0)} ms, content painted ${s.paint_ms.toFixed(0)} ms (CPU ${s.paint_cpu_s.toFixed(2)} s), PSS ${s.pss_mib.toFixed(0)} MiB (private ${s.uss_mib.toFixed(0)} MiB), CPU ${s.cpu_s.toFixed(2)} s`;

async function main() {
  requireDbus();
  const dataDir = tempDataDir('marketdesk-bench-window-');
  await initAccount(productionBinary, dataDir); // opens on Discover, not on Welcome
  const xvfb = await startXvfb({ name: 'bench-window-xvfb' });
  const apps = [
    { name: 'marketdesk', title: 'Marketdesk', binary: productionBinary, runs: [] },
    { name: 'empty wails', title: 'Empty Wails', binary: emptyApp, runs: [] },
  ];
  // Run 0 is each binary's first start in this run (Marketdesk's first on its
  // new data directory); then warm starts in
  // turn, the order flipped each round so drift in the machine's load falls on both.
  const loadAtStart = loadavg()[0];
  const cold = [];
  for (const app of apps) cold.push(await measure(app, xvfb.display, dataDir));
  for (let i = 0; i < warmRuns; i++) {
    for (const app of i % 2 ? [...apps].reverse() : apps) app.runs.push(await measure(app, xvfb.display, dataDir));
  }
  const [md, empty] = apps.map((a) => summary(a.runs));
  console.log(`window start-up, ${warmRuns} warm starts each (medians), idle figures ${IDLE} after the content painted; load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end:`);
  console.log(line('marketdesk', md));
  console.log(line('empty wails', empty));
  console.log(`cold (first start): marketdesk content ${cold[0].paint_ms.toFixed(0)} ms, empty ${cold[1].paint_ms.toFixed(0)} ms = ${(cold[0].paint_ms / cold[1].paint_ms).toFixed(2)}x`);
  console.log(
    `less swayed by other jobs: CPU to the content frame ${(md.paint_cpu_s / empty.paint_cpu_s).toFixed(2)}x, ` +
      `private memory ${(md.uss_mib / empty.uss_mib).toFixed(2)}x (PSS shrinks when other programs map the same libraries)`,
  );
  console.log(
    `window: start-up to content ${(md.paint_ms / empty.paint_ms).toFixed(2)}x the empty Wails app (aim <= 1.3), ` +
      `idle PSS ${(md.pss_mib / empty.pss_mib).toFixed(2)}x (aim <= 1.2), CPU to ${IDLE} after paint ${(md.cpu_s / empty.cpu_s).toFixed(2)}x (aim <= 2)`,
  );
  if (process.env.MARKETDESK_BENCH_WINDOW_JSON) console.log(JSON.stringify({ cold, runs: Object.fromEntries(apps.map((a) => [a.name, a.runs])) }));
}

try {
  await main();
} finally {
  await cleanupAll();
}
