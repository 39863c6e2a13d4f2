// npm start: build the app when dist/ is missing or older than src/ (or index.html, public/), then
// start the central service. Arguments pass through: `npm start -- --no-demo`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
const sources = Math.max(newest('src/app'), newest('src/domain'), newest('src/sync'), newest('public'), newest('index.html'));
if (built < sources) {
  console.log(built ? 'De app is gewijzigd; opnieuw bouwen…' : 'De app wordt gebouwd…');
  const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawnSync('npx', ['tsx', 'src/server/main.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(server.status ?? 1);
