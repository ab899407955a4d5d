import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The policy for the packaged app. Wails serves the built assets from its own
// origin (wails://wails, http://wails.localhost) and injects /wails/ipc.js and
// /wails/runtime.js as same-origin scripts; the bridge to Go is native
// messaging, so 'self' covers everything. It is added to the build only: the
// Vite dev server relies on inline scripts (React Refresh preamble) and
// injected <style> tags that a strict policy would block.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'marketdesk-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        // Right after <meta charset>, before any script or stylesheet it governs.
        const charset = /<meta charset="UTF-8" \/>/;
        if (!charset.test(html)) throw new Error('index.html: <meta charset="UTF-8" /> not found');
        const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}" />`;
        return html.replace(charset, (tag) => `${tag}\n    ${meta}`);
      },
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // jsdom page tests take ~1 s each on an idle machine; a loaded CI runner
    // (2 cores, Go tests beside) can take several: a timeout is a hang, not slowness.
    testTimeout: 30_000,
  },
});
