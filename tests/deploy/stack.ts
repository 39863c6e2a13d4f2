// The deployment recipe of deploy/, run here: Debian's nginx with deploy/nginx/schoolnabij.conf in
// front of two copies of the compiled service started as deploy/systemd/schoolnabij@.service starts
// them, with deploy/schoolnabij.env, on the PostgreSQL in DATABASE_URL (scripts/with-postgres.sh).
// Only what cannot be the same here is replaced: the addresses and ports (unprivileged, 127.0.0.1),
// the paths (/opt/schoolnabij is this checkout, /etc/... a temporary folder), a self-signed
// certificate, and DEMO=1 so that there are users to log in with.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

export interface StackState {
  https: string;
  copies: { id: string; url: string; pid: number }[];
  metricsToken: string;
  logDir: string;
}

const root = resolve('.');
export const statePath = (dir: string) => join(dir, 'stack.json');

/** KEY=value lines of a systemd EnvironmentFile (no quotes used in ours). */
function envFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** What the unit gives a copy: its Environment= lines and ExecStart, with %i filled in. */
function unit(copy: string) {
  const text = readFileSync('deploy/systemd/schoolnabij@.service', 'utf8').replaceAll('%i', copy);
  const env: Record<string, string> = {};
  for (const [, kv] of text.matchAll(/^Environment=(.*)$/gm)) {
    const [k, ...v] = kv!.split('=');
    env[k!] = v.join('=');
  }
  const exec = /^ExecStart=(.*)$/m.exec(text)?.[1]?.split(/\s+/) ?? [];
  const workdir = /^WorkingDirectory=(.*)$/m.exec(text)?.[1] ?? '';
  return { env, exec: exec.map((a) => a.replace('/opt/schoolnabij', root)), workdir: workdir.replace('/opt/schoolnabij', root) };
}

/** deploy/nginx/schoolnabij.conf with the lines marked `# test: …` pointed at this machine. */
function site(dir: string, ports: { https: number; http: number; copies: number[] }): string {
  const replace: Record<string, (line: string) => string> = {
    http: () => `    listen 127.0.0.1:${ports.http};`,
    https: () => `    listen 127.0.0.1:${ports.https} ssl http2;`,
    ipv6: () => '',
    certificate: () => `    ssl_certificate ${dir}/cert.pem;`,
    key: () => `    ssl_certificate_key ${dir}/key.pem;`,
    'access log': () => `    access_log ${dir}/access.log schoolnabij;`,
    root: () => `    root ${root}/dist;`,
    headers: (line) => line.replace('/etc/nginx/snippets/', `${root}/deploy/nginx/`),
    upstream: (line) => line,
  };
  const seen = new Set<string>();
  const lines = readFileSync('deploy/nginx/schoolnabij.conf', 'utf8').split('\n').map((line) => {
    const marker = /#\s*test:\s*(.+)$/.exec(line)?.[1]?.trim();
    if (!marker) return line;
    const fn = replace[marker];
    if (!fn) throw new Error(`deploy/nginx/schoolnabij.conf: unknown test marker "${marker}"`);
    seen.add(marker);
    return fn(line);
  });
  for (const marker of Object.keys(replace)) if (!seen.has(marker)) throw new Error(`deploy/nginx/schoolnabij.conf: no line marked "test: ${marker}"`);
  let text = lines.join('\n');
  // The upstream's copies, 300N in the recipe.
  ['3001', '3002'].forEach((p, i) => {
    if (!text.includes(`127.0.0.1:${p}`)) throw new Error(`deploy/nginx/schoolnabij.conf: upstream 127.0.0.1:${p} missing`);
    text = text.replace(`127.0.0.1:${p}`, `127.0.0.1:${ports.copies[i]}`);
  });
  return text;
}

async function healthy(url: string, child: ChildProcess, output: () => string) {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${url} stopped (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error(`${url} did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startStack(dir: string, port: number): Promise<() => Promise<void>> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('tests/deploy needs a PostgreSQL: run it with scripts/with-postgres.sh (npm run test:deploy)');
  if (!existsSync('dist/index.html') || !existsSync('dist-server/main.js')) throw new Error('build first: npm run build');
  const ports = { https: port, copies: [port + 1, port + 2], http: port + 3 };
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)))));
  };

  try {
    // Secrets as the recipe keeps them: files, named by *_FILE.
    const secrets = join(dir, 'secrets');
    mkdirSync(secrets, { mode: 0o700 });
    const metricsToken = `metrics-${Math.random().toString(36).slice(2)}`;
    writeFileSync(join(secrets, 'database-url'), `${databaseUrl}\n`, { mode: 0o400 });
    writeFileSync(join(secrets, 'metrics-token'), `${metricsToken}\n`, { mode: 0o400 });
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=schoolnabij.test', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });

    const base = envFile(readFileSync('deploy/schoolnabij.env', 'utf8'));
    const copies: StackState['copies'] = [];
    // One after the other: the first migrates and seeds the demo region, the second finds it.
    for (const [i, copyPort] of ports.copies.entries()) {
      const id = String(i + 1);
      const u = unit(id);
      const env = {
        ...base,
        ...u.env,
        STATIC_DIR: base.STATIC_DIR!.replace('/opt/schoolnabij', root),
        DATABASE_URL_FILE: join(secrets, 'database-url'),
        METRICS_TOKEN_FILE: join(secrets, 'metrics-token'),
        PORT: String(copyPort),
        DEMO: '1',
        LOG_FILE: join(dir, `copy-${id}.log`),
        PATH: process.env.PATH ?? '',
      };
      let output = '';
      const child = spawn(u.exec[0]!, u.exec.slice(1), { cwd: u.workdir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      children.push(child);
      const url = `http://127.0.0.1:${copyPort}`;
      await healthy(url, child, () => output);
      copies.push({ id, url, pid: child.pid! });
    }

    const nginxDir = join(dir, 'nginx');
    for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(nginxDir, 'tmp', sub), { recursive: true });
    writeFileSync(join(nginxDir, 'schoolnabij.conf'), site(dir, ports));
    writeFileSync(
      join(nginxDir, 'nginx.conf'),
      [
        // As root the workers would become nobody, who may not read this checkout's dist/.
        process.getuid?.() === 0 ? 'user root;' : '',
        'worker_processes 1;',
        'daemon off;',
        `pid ${nginxDir}/nginx.pid;`,
        `error_log ${nginxDir}/error.log warn;`,
        'events { worker_connections 256; }',
        'http {',
        '  include /etc/nginx/mime.types;',
        '  default_type application/octet-stream;',
        ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((s) => `  ${s === 'body' ? 'client_body' : s}_temp_path ${nginxDir}/tmp/${s};`),
        `  include ${nginxDir}/schoolnabij.conf;`,
        '}',
      ].join('\n'),
    );
    const nginxBin = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
    const nginxArgs = ['-p', nginxDir, '-c', join(nginxDir, 'nginx.conf'), '-e', join(nginxDir, 'error.log')];
    execFileSync(nginxBin, [...nginxArgs, '-t'], { stdio: 'pipe' });
    let nginxOutput = '';
    const nginx = spawn(nginxBin, nginxArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stderr!.on('data', (d: Buffer) => (nginxOutput += d.toString()));
    children.push(nginx);
    const https = `https://127.0.0.1:${ports.https}`;
    for (let i = 0; ; i++) {
      if (nginx.exitCode !== null) throw new Error(`nginx stopped:\n${nginxOutput}\n${readFileSync(join(nginxDir, 'error.log'), 'utf8')}`);
      const up = await new Promise<boolean>((done) => {
        const s = connect(ports.https, '127.0.0.1');
        s.once('connect', () => (s.destroy(), done(true)));
        s.once('error', () => done(false));
      });
      if (up) break;
      if (i > 100) throw new Error(`nginx did not listen on ${ports.https}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const state: StackState = { https, copies, metricsToken, logDir: dir };
    writeFileSync(statePath(dir), JSON.stringify(state));
    return stop;
  } catch (err) {
    await stop();
    throw err;
  }
}
