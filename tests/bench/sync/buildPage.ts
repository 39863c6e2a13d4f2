// Builds the bench pages (page/index.html: ours, page/pouch.html: PouchDB) with Vite's own API, into
// test-results/, without the app's vite.config.ts (no PWA, no service worker to get in the way).
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { build } from 'vite';

const root = fileURLToPath(new URL('./page/', import.meta.url));

export async function buildBenchPage(outDir: string): Promise<string> {
  const out = resolve(outDir);
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      // A bench page: readable stack traces beat a few KiB.
      minify: false,
      rolldownOptions: { input: { index: resolve(root, 'index.html'), pouch: resolve(root, 'pouch.html') } },
    },
  });
  return out;
}
