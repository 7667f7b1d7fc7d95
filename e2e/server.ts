import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface RunningServer {
  url: string;
  adminEmail: string;
  adminPassword: string;
  stop: () => Promise<void>;
  /** What the server printed, for a failing test's message. */
  output: () => string;
}

/** Builds the web app into web/dist, as `npm run build:web` does. */
export function buildWeb(): void {
  execFileSync(
    process.execPath,
    [join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'],
    // Vitest sets NODE_ENV=test, which would bundle React's development build.
    { cwd: repoRoot, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } },
  );
}

/** Starts `accord serve` on a fresh data folder and a random loopback port; waits until ready. */
export async function startServer(): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
  const port = 40000 + Math.floor(Math.random() * 10000);
  const adminPassword = `e2e-${Math.random().toString(36).slice(2)}-pass`;
  const adminEmail = 'admin@localhost';
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['bin/accord.js', 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ACCORD_DATA_DIR: dataDir,
      ACCORD_ADMIN_PASSWORD: adminPassword,
      ACCORD_ADMIN_EMAIL: adminEmail,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      // The browser tests serve their fixture feeds on 127.0.0.1.
      ACCORD_ALLOW_PRIVATE_FEEDS: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${log}`);
    if (Date.now() > deadline) throw new Error(`the server did not get ready:\n${log}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok && log.includes('imported the bundled Hiroshima Accord')) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    adminEmail,
    adminPassword,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
