// Prints the real gzip size of the JavaScript the first route loads (the entry script of
// dist/index.html and every chunk it statically imports), and of every other chunk.
// Run by `npm run build`; a figure, never a pass/fail on size... except the budget line, which
// reports the target so a reviewer sees at once whether it holds.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = 'dist';
// The budget: first-route JavaScript at most 210 KiB gzip. Printed, never a failure (the build goes on).
const BUDGET_KIB = 210;

if (!existsSync(join(dist, 'index.html'))) {
  console.error('dist/index.html ontbreekt: run eerst `npm run build`.');
  process.exit(1);
}

const kib = (n: number) => (n / 1024).toFixed(1);
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

// Follow static imports from the entry: that is what the browser must fetch before first paint.
function staticImports(file: string): string[] {
  const src = readFileSync(join(dist, file), 'utf8');
  const out = new Set<string>();
  for (const m of src.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+\.js)["']/g)) {
    out.add(join('assets', m[1]!.slice(2)));
  }
  return [...out];
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)].map((m) => m[1]!);
const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((m) => m[1]!);
const first = new Set<string>();
const queue = [...entries, ...preloads];
while (queue.length) {
  const f = queue.pop()!;
  if (first.has(f)) continue;
  first.add(f);
  queue.push(...staticImports(f));
}

const all = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => join('assets', f));
const rows = all.map((f) => ({ file: f, gzip: gz(f), first: first.has(f) })).sort((a, b) => b.gzip - a.gzip);
const firstTotal = rows.filter((r) => r.first).reduce((s, r) => s + r.gzip, 0);
const lazyTotal = rows.filter((r) => !r.first).reduce((s, r) => s + r.gzip, 0);

console.log('\nJavaScript per chunk (gzip -9):');
for (const r of rows) console.log(`  ${r.first ? 'eerste route' : 'lazy        '}  ${kib(r.gzip).padStart(7)} KiB  ${r.file}`);
console.log(
  `\nEerste route: ${kib(firstTotal)} KiB gzip (budget ${BUDGET_KIB} KiB: ${firstTotal / 1024 <= BUDGET_KIB ? 'binnen' : 'OVERSCHREDEN'})`,
);
console.log(`Lazy chunks samen: ${kib(lazyTotal)} KiB gzip, ${rows.length} chunks\n`);
