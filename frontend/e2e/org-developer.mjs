// A developer on the internet, as the organization server meets one in the
// org E2E suite: an https server on loopback (a self-signed certificate the
// server is told to trust) that serves a catalog feed and receives the
// deauthorization notices the server signs and sends.
//
// The feed's apps reuse ids of the embedded catalog: a feed fetched by URL
// may not name the desktop's sandbox as its authorization server (app/catalog
// validate.go), and the sandbox admits an app only when the desktop's own
// listing of that id is a sandbox one (sandbox.ClientsFromCatalog). So the
// desktop keeps its embedded listing (the first source to list an id keeps
// it) and installs through its sandbox, while the server knows the app from
// the organization's feed, with the deauthorization_url it sends notices to.
// One app is the feed's alone, so the desktop's catalog shows the org's feed.
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { run, tempDataDir } from './harness.mjs';
import { icon, listing } from './catalog-feed.mjs';

/** Makes a self-signed certificate for 127.0.0.1 with openssl; returns {cert, key, certFile}. */
async function selfSigned() {
  const dir = tempDataDir('marketdesk-e2e-tls-');
  const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  const r = await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { fixHint: 'apt-get install openssl' });
  if (r.code !== 0) throw new Error(`openssl req failed (code ${r.code}): ${r.stderr}`);
  return { cert: readFileSync(certFile), key: readFileSync(keyFile), certFile };
}

/**
 * Starts the developer's server. apps: {key: {id, name, type}} of the feed
 * (ids of the embedded catalog, or new ones). Returns {feedUrl, certFile,
 * notices: [{headers, body}], waitForNotice(timeoutMs), close()}.
 */
export async function startDeveloper(apps) {
  const tls = await selfSigned();
  const notices = [];
  const feed = { schema_version: 1, name: 'Org E2E developer', listings: [] };
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    if (req.method === 'POST' && req.url === '/deauthorized') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        notices.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
      return;
    }
    if (req.url === '/catalog.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(feed));
    const m = req.url.match(/^\/icons\/([a-z0-9.-]+)\.svg$/);
    if (m) return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(icon(m[1][0].toUpperCase(), '#4c6ef5'));
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${server.address().port}`;
  for (const app of Object.values(apps)) {
    feed.listings.push(listing({
      id: app.id, name: app.name, category: 'Productivity', type: app.type ?? 'user',
      extra: { icon: `${origin}/icons/${app.id}.svg`, oauth: { issuer: origin, client_id: app.id }, deauthorization_url: `${origin}/deauthorized` },
    }));
  }
  return {
    feedUrl: `${origin}/catalog.json`,
    certFile: tls.certFile,
    notices,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
