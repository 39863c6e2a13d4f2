// Builds the central service into dist-server/: one ES module per entry point (the service, the
// retention job), our own code bundled and npm packages left in node_modules, with source maps so
// `node --enable-source-maps` prints stack traces in the TypeScript sources. The SQL migrations are
// copied beside the bundle, where src/server/store/migrate.ts looks for them.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

const outdir = 'dist-server';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/server/main.ts', retention: 'src/server/retention/cli.ts', keys: 'src/server/auth/keysCli.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
  // Shared code between the two entry points goes into a chunk, not twice.
  splitting: true,
  logLevel: 'warning',
});
cpSync('src/server/migrations', `${outdir}/migrations`, { recursive: true, filter: (p) => !p.endsWith('.md') });
console.log(`dist-server/: de centrale dienst gebouwd (main.js, retention.js, keys.js, migrations/)`);
