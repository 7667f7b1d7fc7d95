// Shared by the load and fault scripts: `accord serve` as a real child process on 127.0.0.1,
// signing in, API tokens, RSS samples from /proc, and `accord verify` through the CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const launcher = join(root, 'bin', 'accord.js');
export const adminPassword = `load ${randomBytes(8).toString('hex')}`;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Target {
  /** The embedded database's folder (also used, empty, with a server). */
  dataDir: string;
  /** postgres://... for a server; undefined for the embedded database. */
  databaseUrl: string | undefined;
}

export interface Server {
  child: ChildProcess;
  pid: number;
  base: string;
  stderr: () => string;
  /** Its JSON log lines of errors (stdout, level 50 and up; the first 200 kB). */
  logs: () => string;
  exited: Promise<number | null>;
}

/** The environment of `accord` children: only what the target says, nothing inherited that would change it. */
export function childEnv(target: Target, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ACCORD_DATA_DIR: target.dataDir,
    ACCORD_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.ACCORD_ADMIN_EMAIL;
  delete env.ACCORD_SEED;
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  return env;
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const children = new Set<ChildProcess>();
/** Kills every child still running (on the way out, whatever happened). */
export async function killChildren(): Promise<void> {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exitOf(child);
    }
  }
}

/**
 * Starts `accord serve` on a random port and waits until /readyz answers 200. Resolves with
 * `{ failed }` instead when the process exits first (a refused start is an outcome for the
 * fault script, not an exception).
 */
export async function startServer(
  target: Target,
  options: { timeoutMs?: number; env?: Record<string, string>; uid?: number; gid?: number } = {},
): Promise<Server | { failed: string; code: number | null }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = randomInt(40_000, 50_000);
    const child = spawn(process.execPath, [launcher, 'serve'], {
      cwd: root,
      env: childEnv(target, { PORT: String(port), ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
    });
    children.add(child);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    let logs = '';
    child.stdout.setEncoding('utf8');
    let partial = '';
    child.stdout.on('data', (chunk: string) => {
      // Errors only (pino level 50 and up): warnings about an unreachable database are many.
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines)
        if (/"level":(50|60)/.test(line) && logs.length < 200_000) logs += `${line}\n`;
    });
    const exited = exitOf(child);
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + (options.timeoutMs ?? 90_000);
    while (!gone && Date.now() < deadline) {
      try {
        const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.ok)
          return {
            child,
            pid: child.pid!,
            base,
            stderr: () => stderr,
            logs: () => logs,
            exited,
          };
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    if (!gone) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`accord serve did not become ready:\n${stderr}`);
    }
    if (!/in use/.test(stderr)) return { failed: stderr.trim(), code: child.exitCode };
  }
  throw new Error('no free port found for accord serve');
}

/** Starts the server or throws with its output. */
export async function mustStart(
  target: Target,
  options: Parameters<typeof startServer>[1] = {},
): Promise<Server> {
  const server = await startServer(target, options);
  if ('failed' in server) throw new Error(`accord serve exited ${server.code}:\n${server.failed}`);
  return server;
}

/** Stops the server with SIGTERM (graceful) and returns its exit code. */
export async function stopServer(server: Server): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

/** Reads a JSON answer, throwing with the status and body when it is not 2xx. */
export async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface Tokens {
  admin: string;
  analyst: string;
  viewer: string;
}

/** Signs in as the admin, creates an analyst and a viewer, and an API token for each of the three. */
export async function makeTokens(base: string): Promise<Tokens> {
  const session = async (email: string, password: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const cookie = String(res.headers.get('set-cookie')).split(';')[0]!;
    const { csrfToken } = await json<{ csrfToken: string }>(res);
    return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  };
  const admin = await session('admin@localhost', adminPassword);
  const token = async (headers: Record<string, string>) =>
    (
      await json<{ token: string }>(
        await fetch(`${base}/api/tokens`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ name: 'load and faults' }),
        }),
      )
    ).token;
  const out: Partial<Tokens> = { admin: await token(admin) };
  for (const role of ['analyst', 'viewer'] as const) {
    const email = `${role}-${randomBytes(3).toString('hex')}@example.org`;
    await json(
      await fetch(`${base}/api/users`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ email, role, password: adminPassword }),
      }),
    );
    out[role] = await token(await session(email, adminPassword));
  }
  return out as Tokens;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Resident memory of a process in MB, from /proc (null when it is gone). */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns [seconds, MB] pairs. */
export function sampleRss(pid: number, everyMs = 1000) {
  const samples: [number, number][] = [];
  const started = performance.now();
  const take = () => {
    const mb = rssMb(pid);
    if (mb !== null) samples.push([(performance.now() - started) / 1000, mb]);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop: () => {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/** Runs `accord verify` through the CLI (the server must be stopped on the embedded database). */
export async function verifyCli(target: Target): Promise<{ ok: boolean; output: string }> {
  const child = spawn(process.execPath, [launcher, 'verify'], {
    cwd: root,
    env: childEnv(target),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (output += chunk));
  const code = await exitOf(child);
  return { ok: code === 0 && /history intact/.test(output), output: output.trim() };
}

/** Every page of a list endpoint (`items`, `next`). */
export async function listAll<T>(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${base}${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`;
    const page: { items: T[]; next: string | null } = await json(await fetch(url, { headers }));
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}
