import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from './database.ts';

// A real crash: `accord serve` as a child process is killed with SIGKILL while evidence writes
// are in flight; after a restart on the same data, every acknowledged write must be there, once.

const root = fileURLToPath(new URL('..', import.meta.url));
const launcher = join(root, 'bin', 'accord.js');
const adminPassword = `crash test ${randomBytes(6).toString('hex')}`;

interface Server {
  child: ChildProcess;
  base: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();
let dataDir = '';
let databaseUrl: string | undefined;
let dropDatabase: (() => Promise<void>) | null = null;

/** The environment of the children: a fresh data folder, or a fresh PostgreSQL database. */
function childEnv(port?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ACCORD_DATA_DIR: dataDir,
    ACCORD_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
  };
  delete env.DATABASE_URL;
  delete env.ACCORD_ADMIN_EMAIL;
  delete env.ACCORD_SEED;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (port !== undefined) env.PORT = String(port);
  return env;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `accord serve` on a random free port (retrying when taken) and waits for /readyz. */
async function startServer(): Promise<Server> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = randomInt(40_000, 50_000);
    const child = spawn(process.execPath, [launcher, 'serve'], {
      cwd: root,
      env: childEnv(port),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.add(child);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = exitOf(child);
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    const base = `http://127.0.0.1:${port}`;
    // Generous: on a loaded 2-core machine a cold start (tsx, PGlite) can take a while.
    const deadline = Date.now() + 60_000;
    while (!gone && Date.now() < deadline) {
      try {
        const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return { child, base, stderr: () => stderr, exited };
        await res.arrayBuffer();
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
    if (!/in use/.test(stderr)) throw new Error(`accord serve exited:\n${stderr}`);
    // The port was taken: try another.
  }
  throw new Error('no free port found for accord serve');
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text) as T;
}

interface EvidenceItem {
  id: string;
  title: string;
  commitments: string[];
}

describe(`a SIGKILLed server loses no acknowledged write (${engine})`, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accord-crash-'));
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (serverUrl) {
      const name = `accord_crash_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      dropDatabase = async () => {
        const a = new pg.Client({ connectionString: serverUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      };
    }
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exitOf(child);
      }
    }
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged evidence write, once, with an intact history', async () => {
    const first = await startServer();

    // Sign in as the admin and make an API token for the writers.
    const login = await fetch(`${first.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password: adminPassword }),
    });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    const { csrfToken } = await json<{ csrfToken: string }>(login);
    const { token } = await json<{ token: string }>(
      await fetch(`${first.base}/api/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ name: 'crash test' }),
      }),
    );
    const bearer = { authorization: `Bearer ${token}` };
    const { items: commitments } = await json<{ items: { id: string }[] }>(
      await fetch(`${first.base}/api/accords/1/commitments?limit=10`),
    );
    expect(commitments.length).toBeGreaterThan(0);

    // Writers: a few loops posting evidence with unique titles until the server is gone.
    const run = randomBytes(4).toString('hex');
    const acknowledged: EvidenceItem[] = [];
    const sent = new Set<string>();
    const failures: string[] = [];
    let killed = false;
    const stopAt = Date.now() + 6000;
    const writer = async (loop: number) => {
      for (let n = 0; Date.now() < stopAt; n++) {
        const title = `crash ${run} loop ${loop} write ${n}`;
        const commitment = commitments[(loop + n) % commitments.length]!.id;
        sent.add(title);
        let res: Response;
        try {
          res = await fetch(`${first.base}/api/evidence`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...bearer },
            body: JSON.stringify({
              title,
              published: '2024-01-15',
              excerpt: `written by loop ${loop}`,
              commitments: [commitment],
            }),
            signal: AbortSignal.timeout(5000),
          });
        } catch {
          return; // the server is gone: whether this write landed is unknown
        }
        let body: string;
        try {
          body = await res.text();
        } catch {
          return; // the connection died mid-response: unknown as well
        }
        if (res.status >= 200 && res.status < 300) {
          const item = JSON.parse(body) as EvidenceItem;
          expect(item.title).toBe(title);
          acknowledged.push(item);
        } else if (!killed) {
          failures.push(`${res.status} ${body}`);
        }
      }
    };
    const writers = Promise.all([0, 1, 2, 3, 4].map(writer));
    await sleep(1500);
    killed = true;
    first.child.kill('SIGKILL');
    await first.exited;
    await writers;
    expect(failures).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(sent.size).toBeGreaterThan(acknowledged.length); // some were in flight at the kill
    if (!databaseUrl) expect(existsSync(join(dataDir, 'accord.lock'))).toBe(true); // stale

    // Restart on the same data: the stale lock is recovered and every acknowledged write is there.
    const second = await startServer();
    const found: EvidenceItem[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${second.base}/api/evidence?limit=500${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { items: EvidenceItem[]; next: string | null } = await json(await fetch(url));
      found.push(...page.items);
      cursor = page.next;
    } while (cursor);
    const mine = found.filter((e) => e.title.startsWith(`crash ${run} `));
    const byTitle = new Map<string, EvidenceItem[]>();
    for (const e of mine) byTitle.set(e.title, [...(byTitle.get(e.title) ?? []), e]);
    expect([...byTitle.values()].filter((list) => list.length > 1)).toEqual([]);
    expect(new Set(found.map((e) => e.id)).size).toBe(found.length);
    for (const a of acknowledged) {
      const stored = byTitle.get(a.title)?.[0];
      expect(stored, `acknowledged write ${a.title} is missing`).toBeDefined();
      expect(stored!.id).toBe(a.id);
      expect(stored!.commitments).toEqual(a.commitments);
    }
    // Only what was sent can be there: acknowledged, or in flight at the kill.
    for (const e of mine) expect(sent.has(e.title)).toBe(true);
    const one = await json<EvidenceItem>(
      await fetch(`${second.base}/api/evidence/${acknowledged.at(-1)!.id}`, { headers: bearer }),
    );
    expect(one.title).toBe(acknowledged.at(-1)!.title);
    const verified = await json<{ ok: boolean; events: number }>(
      await fetch(`${second.base}/api/history/verify`),
    );
    expect(verified.ok).toBe(true);
    expect(verified.events).toBeGreaterThanOrEqual(acknowledged.length);

    console.info(
      `crash test on ${engine}: ${acknowledged.length} writes acknowledged, ${mine.length} found after the crash (${sent.size} sent)`,
    );

    // A graceful stop, then the CLI verifies the history offline.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    if (!databaseUrl) expect(existsSync(join(dataDir, 'accord.lock'))).toBe(false);
    const verify = spawn(process.execPath, [launcher, 'verify'], {
      cwd: root,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(verify);
    let out = '';
    verify.stdout.setEncoding('utf8');
    verify.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    verify.stderr.setEncoding('utf8');
    verify.stderr.on('data', (chunk: string) => {
      out += chunk;
    });
    expect(await exitOf(verify), out).toBe(0);
    expect(out).toMatch(/history intact/);
  }, 180_000);
});
