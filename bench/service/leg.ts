// One engine's leg of the service benchmark: fills a database in a fresh process (fill.ts), starts
// the serving process (server.ts), measures it from here over HTTP on 127.0.0.1, and writes the
// figures as JSON. `tsx bench/service/leg.ts pglite|postgres CORPUS.json OUT.json [--runs N]
// [--seconds S] [--queries N] [--search-rounds N]`; the PostgreSQL leg reads DATABASE_URL.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { FillResult } from './fill.ts';
import type { Command, Ready, Reply, Request } from './protocol.ts';
import { searchTerms } from './terms.ts';

type Engine = 'pglite' | 'postgres';

export interface Throughput {
  reqPerSec: number;
  p99Ms: number;
  errors: number;
}

export interface LegResult {
  engine: Engine;
  engineVersion: string;
  fill: FillResult;
  stored: { agreements: number; commitments: number };
  firstPageMs: Ready['firstPageMs'];
  search: {
    queries: number;
    rounds: number;
    api: { p50: number; p95: number };
    direct: { p50: number; p95: number };
    ratioP50: number;
    ratioP95: number;
  };
  reads: {
    runs: number;
    seconds: number;
    firstPage: { api: Throughput; direct: number; ratio: number };
    cursorPage: { api: Throughput; direct: number; ratio: number };
    conditional: { api: Throughput; bare: Throughput; ratio: number };
  };
  memory: { rssMb: number; heapMb: number; peakRssMb: number };
  /** `accord serve` itself on the filled database: RSS once loaded, and after reads. */
  served: { loadedMb: number; afterReadsMb: number; peakMb: number; readsPerSec: number };
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const [engine, corpusFile, outFile] = args as [Engine, string, string];
if ((engine !== 'pglite' && engine !== 'postgres') || !corpusFile || !outFile)
  throw new Error('usage: leg.ts pglite|postgres CORPUS.json OUT.json');
if (engine === 'postgres' && !process.env.DATABASE_URL)
  throw new Error('the PostgreSQL leg needs DATABASE_URL');
const runs = option('--runs', 3);
const seconds = option('--seconds', 10);
const queryCount = option('--queries', 200);
// Rounds of the 200 interleaved queries (each ~15-30 s on 100k commitments).
const searchRoundCount = option('--search-rounds', 3);
const connections = 50;

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const root = here('../../');
const tsx = here('../../node_modules/tsx/dist/cli.mjs');
const log = (line: string) => process.stderr.write(`[${engine}] ${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)]!;

const dataDir = engine === 'pglite' ? mkdtempSync(join(tmpdir(), 'accord-bench-')) : undefined;
let child: ChildProcess | undefined;
try {
  // 1. Import, in a fresh process of its own.
  log('importing...');
  const filled = spawnSync(
    process.execPath,
    [tsx, here('./fill.ts'), corpusFile, engine, ...(dataDir ? [dataDir] : [])],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60_000 },
  );
  if (filled.status !== 0) throw new Error(`import failed (status ${filled.status})`);
  const fill = JSON.parse(filled.stdout.trim().split('\n').at(-1)!) as FillResult;
  log(
    `imported ${fill.agreements} agreements, ${fill.commitments} commitments in ${fill.seconds.toFixed(1)} s`,
  );

  // 2. The serving process, on the filled database.
  const server = fork(here('./server.ts'), [engine, ...(dataDir ? [dataDir] : [])], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child = server;
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  const ready = await new Promise<Ready>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    server.on('message', (message: Ready | Reply) => {
      if ('ready' in message) resolve(message);
      else pending.get(message.id)?.(message);
    });
  });
  const ask = <R extends Reply>(request: Command): Promise<R> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) => {
        pending.delete(id);
        if ('error' in reply) reject(new Error(reply.error));
        else resolve(reply as R);
      });
      const message: Request = { ...request, id };
      server.send(message);
    });
  const api = `http://127.0.0.1:${ready.apiPort}`;
  const bareUrl = `http://127.0.0.1:${ready.barePort}/`;
  log(`serving ${ready.commitments} commitments on ${api} (${ready.engineVersion})`);

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; ms: number; body: string; etag: string | undefined }>(
      (resolve, reject) => {
        const started = performance.now();
        const req = httpRequest(`${api}${path}`, { agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              ms: performance.now() - started,
              body: Buffer.concat(chunks).toString('utf8'),
              etag: res.headers.etag,
            }),
          );
          res.on('error', reject);
        });
        req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${path}`)));
        req.on('error', reject);
        req.end();
      },
    );

  // Sanity: the routes answer what is measured.
  const firstPath = '/api/commitments?limit=50';
  const cursorPath = `/api/commitments?limit=50&cursor=${ready.cursor}`;
  const onePath = `/api/commitments/${ready.sampleId}`;
  for (const path of [firstPath, cursorPath]) {
    const r = await get(path);
    const items = (JSON.parse(r.body) as { items: unknown[] }).items.length;
    if (r.status !== 200 || items !== 50) throw new Error(`${path}: ${r.status}, ${items} items`);
  }
  const one = await get(onePath);
  if (one.status !== 200 || !one.etag) throw new Error(`${onePath}: ${one.status}`);
  const etag = one.etag;
  if ((await get(onePath, { 'if-none-match': etag })).status !== 304)
    throw new Error(`${onePath} with If-None-Match is not answered 304`);

  // 3. Search latency: the API over HTTP against searchCommitments called in the serving
  // process, query by query, alternating which goes first.
  const terms = searchTerms(queryCount);
  const rounds = searchRoundCount;
  const searchRounds: { api: number[]; direct: number[] }[] = [];
  for (const t of terms.slice(0, 20)) {
    await get(`/api/search?q=${encodeURIComponent(t)}`);
    await ask({ cmd: 'search', terms: t });
  }
  for (let round = 0; round < rounds; round++) {
    const apiMs: number[] = [];
    const directMs: number[] = [];
    for (const [i, t] of terms.entries()) {
      const viaApi = async () => {
        const r = await get(`/api/search?q=${encodeURIComponent(t)}`);
        if (r.status !== 200) throw new Error(`search "${t}": ${r.status} ${r.body}`);
        apiMs.push(r.ms);
      };
      const direct = async () => {
        directMs.push(
          (await ask<{ id: number; ms: number; hits: number }>({ cmd: 'search', terms: t })).ms,
        );
      };
      if ((i + round) % 2 === 0) {
        await viaApi();
        await direct();
      } else {
        await direct();
        await viaApi();
      }
    }
    searchRounds.push({ api: apiMs, direct: directMs });
    log(
      `search round ${round + 1}/${rounds}: API p50 ${percentile(apiMs, 0.5).toFixed(1)} ms p95 ${percentile(apiMs, 0.95).toFixed(1)} ms; direct p50 ${percentile(directMs, 0.5).toFixed(1)} ms p95 ${percentile(directMs, 0.95).toFixed(1)} ms`,
    );
  }
  const roundStat = (pick: (r: { api: number[]; direct: number[] }) => number[], p: number) =>
    median(searchRounds.map((r) => percentile(pick(r), p)));
  const search = {
    queries: terms.length,
    rounds,
    api: { p50: roundStat((r) => r.api, 0.5), p95: roundStat((r) => r.api, 0.95) },
    direct: { p50: roundStat((r) => r.direct, 0.5), p95: roundStat((r) => r.direct, 0.95) },
    ratioP50: median(searchRounds.map((r) => percentile(r.api, 0.5) / percentile(r.direct, 0.5))),
    ratioP95: median(searchRounds.map((r) => percentile(r.api, 0.95) / percentile(r.direct, 0.95))),
  };

  // 4. Throughput: autocannon against the API and the bare route; 50 loops of the same query in
  // the serving process; alternating, `runs` times.
  const cannon = async (url: string, headers: Record<string, string> = {}, expect = 200) => {
    const r = await autocannon({ url, connections, duration: seconds, headers });
    const wrong = r.requests.total - (expect === 200 ? r['2xx'] : r['3xx']);
    const result: Throughput = {
      reqPerSec: r.requests.total / (r.duration || seconds),
      p99Ms: r.latency.p99,
      errors: r.errors + r.timeouts + Math.max(0, wrong),
    };
    return result;
  };
  const directList = async (cursor: boolean) => {
    const r = await ask<{ id: number; requests: number; seconds: number; errors: number }>({
      cmd: 'list',
      cursor,
      connections,
      seconds,
    });
    if (r.errors > 0) throw new Error(`direct listCommitments: ${r.errors} errors`);
    return r.requests / r.seconds;
  };
  const samples = {
    firstApi: [] as Throughput[],
    firstDirect: [] as number[],
    cursorApi: [] as Throughput[],
    cursorDirect: [] as number[],
    conditional: [] as Throughput[],
    bare: [] as Throughput[],
  };
  // A short warm-up of each path.
  await autocannon({ url: `${api}${firstPath}`, connections, duration: 2 });
  await autocannon({ url: bareUrl, connections, duration: 2 });
  for (let run = 0; run < runs; run++) {
    samples.firstApi.push(await cannon(`${api}${firstPath}`));
    samples.firstDirect.push(await directList(false));
    samples.cursorApi.push(await cannon(`${api}${cursorPath}`));
    samples.cursorDirect.push(await directList(true));
    samples.bare.push(await cannon(bareUrl));
    samples.conditional.push(await cannon(`${api}${onePath}`, { 'if-none-match': etag }, 304));
    log(
      `reads run ${run + 1}/${runs}: first page ${samples.firstApi.at(-1)!.reqPerSec.toFixed(0)} vs ${samples.firstDirect.at(-1)!.toFixed(0)}/s; cursor ${samples.cursorApi.at(-1)!.reqPerSec.toFixed(0)} vs ${samples.cursorDirect.at(-1)!.toFixed(0)}/s; 304 ${samples.conditional.at(-1)!.reqPerSec.toFixed(0)} vs bare ${samples.bare.at(-1)!.reqPerSec.toFixed(0)}/s`,
    );
  }
  const mid = (list: Throughput[]): Throughput => ({
    reqPerSec: median(list.map((t) => t.reqPerSec)),
    p99Ms: median(list.map((t) => t.p99Ms)),
    errors: list.reduce((n, t) => n + t.errors, 0),
  });
  const pairRatio = (a: Throughput[], b: number[]) => median(a.map((t, i) => t.reqPerSec / b[i]!));
  const reads = {
    runs,
    seconds,
    firstPage: {
      api: mid(samples.firstApi),
      direct: median(samples.firstDirect),
      ratio: pairRatio(samples.firstApi, samples.firstDirect),
    },
    cursorPage: {
      api: mid(samples.cursorApi),
      direct: median(samples.cursorDirect),
      ratio: pairRatio(samples.cursorApi, samples.cursorDirect),
    },
    conditional: {
      api: mid(samples.conditional),
      bare: mid(samples.bare),
      ratio: pairRatio(
        samples.conditional,
        samples.bare.map((t) => t.reqPerSec),
      ),
    },
  };

  // 5. The serving process's memory after the reads.
  const memory = await ask<{ id: number; rssMb: number; heapMb: number; peakRssMb: number }>({
    cmd: 'memory',
  });
  await ask({ cmd: 'close' });
  agent.destroy();

  // 6. The product's own server (`accord serve`) on the same database, started fresh: its RSS once
  // loaded (a first page, a search and an agreement served), then after `seconds` of reads.
  const served = await measureServe(dataDir, seconds);
  log(
    `accord serve: ${served.loadedMb.toFixed(0)} MB once loaded, ${served.afterReadsMb.toFixed(0)} MB after ${seconds} s of reads (peak ${served.peakMb.toFixed(0)} MB)`,
  );
  const result: LegResult = {
    engine,
    engineVersion: ready.engineVersion,
    fill,
    stored: { agreements: ready.agreements, commitments: ready.commitments },
    firstPageMs: ready.firstPageMs,
    search,
    reads,
    memory: { rssMb: memory.rssMb, heapMb: memory.heapMb, peakRssMb: memory.peakRssMb },
    served,
  };
  writeFileSync(outFile, JSON.stringify(result, null, 2));
} finally {
  if (child && child.exitCode === null) {
    await new Promise((resolve) => {
      child!.once('exit', resolve);
      setTimeout(() => child!.kill('SIGKILL'), 10_000).unref();
    });
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** Starts `accord serve` on the filled database and reads its RSS from /proc. */
async function measureServe(dataDir: string | undefined, seconds: number) {
  const port = await freePort();
  const server = spawn(process.execPath, [join(root, 'bin/accord.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ACCORD_SEED: 'false',
      ACCORD_ADMIN_PASSWORD: 'bench-admin-password-1',
      ...(dataDir ? { ACCORD_DATA_DIR: dataDir } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const status = (field: 'VmRSS' | 'VmHWM') => {
    const line = readFileSync(`/proc/${server.pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
  };
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ok = await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline || server.exitCode !== null)
        throw new Error('accord serve did not become ready');
      await new Promise((r) => setTimeout(r, 250));
    }
    const page = (await fetch(`${base}/api/commitments?limit=50`).then((r) => r.json())) as {
      items: { agreement: string }[];
    };
    const agreement = page.items[0]?.agreement;
    await fetch(`${base}/api/search?q=critical%20minerals`).then((r) => r.text());
    if (agreement) await fetch(`${base}/api/accords/${agreement}`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 1000));
    const loadedMb = status('VmRSS');
    const reads = await autocannon({
      url: `${base}/api/commitments?limit=50`,
      connections: 50,
      duration: seconds,
    });
    const afterReadsMb = status('VmRSS');
    return {
      loadedMb,
      afterReadsMb,
      peakMb: status('VmHWM'),
      readsPerSec: reads.requests.total / (reads.duration || seconds),
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => {
      if (server.exitCode !== null) resolve(null);
      server.once('exit', resolve);
      setTimeout(() => server.kill('SIGKILL'), 15_000).unref();
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
