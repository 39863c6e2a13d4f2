// npm start: build the app when dist/ is missing or older than its sources (src/app, index.html,
// public/), build the service when dist-server/ is older than src/server (or the shared domain and
// sync code), then run the compiled service on the project's Node (24, from node_modules/.bin).
// Arguments pass through: `npm start -- --no-demo`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}
const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// The service runs on the Node that `npm install` put in node_modules (package.json devDependency
// `node`), also when this script was started with the machine's own, older one.
const node = existsSync('node_modules/.bin/node') ? resolve('node_modules/.bin/node') : process.execPath;

const shared = Math.max(newest('src/domain'), newest('src/sync'));
const app = builtAt('dist/index.html');
if (app < Math.max(shared, newest('src/app'), newest('public'), newest('index.html'))) {
  console.log(app ? 'De app is gewijzigd; opnieuw bouwen…' : 'De app wordt gebouwd…');
  run('npx', ['vite', 'build']);
}
const server = builtAt('dist-server/main.js');
if (server < Math.max(shared, newest('src/server'), newest('scripts/build-server.mjs'))) {
  console.log(server ? 'De dienst is gewijzigd; opnieuw bouwen…' : 'De dienst wordt gebouwd…');
  run(node, ['scripts/build-server.mjs']);
}

// spawn, not spawnSync: a SIGTERM to npm start must reach the service, which then stops cleanly.
const child = spawn(node, ['--enable-source-maps', 'dist-server/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
