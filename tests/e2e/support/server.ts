import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A central service of its own, for tests that kill and restart it. Loopback only. */
export interface OwnServer {
  url: string;
  kill(): Promise<void>;
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function ownServer(dataDir: string): Promise<OwnServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  async function start() {
    // The compiled service, as playwright.config.ts's webServer runs it.
    child = spawn(process.execPath, ['--enable-source-maps', 'dist-server/main.js'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        AUTH_RATE_LIMIT: '100000',
        STATIC_DIR: process.env.E2E_STATIC_DIR ?? 'dist',
        // Read after the run with the webServer's log (serviceLog.check.ts).
        ...(process.env.E2E_LOG_DIR ? { LOG: 'info', LOG_FILE: join(process.env.E2E_LOG_DIR, `own-${port}.log`) } : {}),
      },
      stdio: 'ignore',
      detached: true,
    });
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        if ((await fetch(`${url}/api/health`)).ok) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error('the test server did not start within 90 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function kill() {
    const c = child;
    if (!c?.pid) return;
    const exited = new Promise((r) => c.once('exit', r));
    process.kill(-c.pid, 'SIGKILL'); // the whole group
    await exited;
    child = null;
  }

  await start();
  return { url, kill, start };
}
