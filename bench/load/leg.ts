// One leg of `npm run load`: `accord serve` as a child process on one engine (PGlite in a temp
// folder, or PostgreSQL on DATABASE_URL), a realistic mix from autocannon (80% reads and
// searches, 20% writes of evidence and assessments, API tokens), RSS sampled from /proc; then a
// graceful stop, `accord verify`, a restart, and every acknowledged write looked for.
// `tsx bench/load/leg.ts pglite|postgres OUT.json` (LOAD_SECONDS, LOAD_CONNECTIONS).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  bearer,
  json,
  killChildren,
  listAll,
  makeTokens,
  mustStart,
  sampleRss,
  stopServer,
  verifyCli,
  type Target,
} from './serve.ts';

export interface LoadResult {
  engine: 'pglite' | 'postgres';
  engineVersion: string;
  seconds: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  latency: { p50: number; p99: number; max: number };
  byKind: Record<string, { sent: number; ok: number; status4xx: number; status5xx: number }>;
  status2xx: number;
  status4xx: number;
  status5xx: number;
  errors: number;
  timeouts: number;
  samples5xx: string[];
  writesAcknowledged: number;
  writesFound: number;
  lost: string[];
  verify: { ok: boolean; output: string };
  rss: [number, number][];
}

const [engine, out] = process.argv.slice(2) as ['pglite' | 'postgres', string];
if ((engine !== 'pglite' && engine !== 'postgres') || !out)
  throw new Error('usage: leg.ts pglite|postgres OUT.json');
if (engine === 'postgres' && !process.env.DATABASE_URL)
  throw new Error('the postgres leg needs DATABASE_URL');
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);

const dataDir = mkdtempSync(join(tmpdir(), 'accord-load-'));
const target: Target = {
  dataDir,
  databaseUrl: engine === 'postgres' ? process.env.DATABASE_URL : undefined,
};

try {
  const server = await mustStart(target);
  const base = server.base;
  const tokens = await makeTokens(base);
  const admin = bearer(tokens.admin);
  const { items: accords } = await json<{ items: { id: string }[] }>(
    await fetch(`${base}/api/accords`),
  );
  const accordId = accords[0]!.id;
  const commitments = (
    await listAll<{ id: string }>(base, `/api/accords/${accordId}/commitments`)
  ).map((c) => c.id);
  const { parties } = await json<{ parties: { code: string }[] | string[] }>(
    await fetch(`${base}/api/accords/${accordId}`),
  );
  const partyCodes = parties.map((p) => (typeof p === 'string' ? p : p.code));
  // Enough cycles that every assessment written has its own (commitment, party, cycle).
  const cycles: string[] = [];
  for (let i = 0; i < 40; i++) {
    const cycle = await json<{ id: string }>(
      await fetch(`${base}/api/accords/${accordId}/cycles`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `load cycle ${i}`, cutoff: '2024-06-30' }),
      }),
    );
    cycles.push(cycle.id);
  }

  const run = randomBytes(3).toString('hex');
  const terms = [
    'critical minerals',
    'cyber',
    'semiconductors',
    'net zero',
    'defence',
    'digital',
    'energy security',
    'health',
    'space',
    'trade',
    'reciprocal access',
    'hydrogen',
  ];
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  const readHeaders = () => (Math.random() < 0.5 ? bearer(tokens.viewer) : {});
  const writeHeaders = { ...bearer(tokens.analyst), 'content-type': 'application/json' };
  let combo = 0;
  const combos = commitments.length * partyCodes.length * cycles.length;
  let writeNo = 0;

  // The mix, out of 100: 80 reads and searches, 20 writes.
  // `marker` is the text a write stores, to recognise it afterwards.
  type Made = { method: 'GET' | 'POST'; path: string; body?: string; marker?: string };
  type Kind = { name: string; weight: number; make: () => Made };
  const kinds: Kind[] = [
    { name: 'list agreements', weight: 5, make: () => ({ method: 'GET', path: '/api/accords' }) },
    {
      name: 'read agreement',
      weight: 5,
      make: () => ({ method: 'GET', path: `/api/accords/${accordId}` }),
    },
    {
      name: 'register page',
      weight: 15,
      make: () => ({
        method: 'GET',
        path: `/api/accords/${accordId}/commitments?limit=50${Math.random() < 0.3 ? `&topic=${encodeURIComponent(pick(['cyber', 'defence', 'trade', 'climate']))}` : ''}`,
      }),
    },
    {
      name: 'read commitment',
      weight: 20,
      make: () => ({ method: 'GET', path: `/api/commitments/${pick(commitments)}` }),
    },
    {
      name: 'search',
      weight: 20,
      make: () => ({ method: 'GET', path: `/api/search?q=${encodeURIComponent(pick(terms))}` }),
    },
    { name: 'list evidence', weight: 10, make: () => ({ method: 'GET', path: '/api/evidence' }) },
    {
      name: 'roll-ups',
      weight: 5,
      make: () => ({ method: 'GET', path: `/api/accords/${accordId}/rollups` }),
    },
    {
      name: 'write evidence',
      weight: 10,
      make: () => {
        const title = `load ${run} evidence ${writeNo++}`;
        return {
          method: 'POST',
          path: '/api/evidence',
          marker: title,
          body: JSON.stringify({
            title,
            published: '2024-01-15',
            excerpt: 'A ministry announced progress on the commitment.',
            kind: 'press_release',
            commitments: [pick(commitments)],
          }),
        };
      },
    },
    {
      name: 'write assessment',
      weight: 10,
      make: () => {
        const n = combo++ % combos;
        const rationale = `load ${run} rationale ${n}`;
        return {
          method: 'POST',
          path: '/api/assessments',
          marker: rationale,
          body: JSON.stringify({
            commitment: commitments[n % commitments.length],
            party: partyCodes[Math.floor(n / commitments.length) % partyCodes.length],
            cycle: cycles[Math.floor(n / (commitments.length * partyCodes.length))],
            status: pick(['in_progress', 'achieved', 'not_started', 'partially_achieved']),
            rationale,
          }),
        };
      },
    },
  ];
  const total = kinds.reduce((n, k) => n + k.weight, 0);
  const byKind: LoadResult['byKind'] = Object.fromEntries(
    kinds.map((k) => [k.name, { sent: 0, ok: 0, status4xx: 0, status5xx: 0 }]),
  );
  const acknowledged = {
    evidence: new Map<string, string>(),
    assessments: new Map<string, string>(),
  };
  const samples5xx: string[] = [];

  interface Context {
    kind?: string;
    marker?: string;
  }
  const rss = sampleRss(server.pid);
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request, context) => {
          let r = Math.random() * total;
          const kind = kinds.find((k) => (r -= k.weight) < 0) ?? kinds[0]!;
          const { marker, ...made } = kind.make();
          const ctx = context as Context;
          ctx.kind = kind.name;
          ctx.marker = marker;
          byKind[kind.name]!.sent++;
          return {
            ...request,
            ...made,
            headers: made.method === 'POST' ? writeHeaders : readHeaders(),
          };
        },
        onResponse: (status, body, context) => {
          const ctx = context as Context;
          const stats = byKind[ctx.kind ?? '']!;
          if (status >= 200 && status < 300) {
            stats.ok++;
            if (ctx.kind === 'write evidence' || ctx.kind === 'write assessment') {
              const id = (JSON.parse(body) as { id: string }).id;
              (ctx.kind === 'write evidence'
                ? acknowledged.evidence
                : acknowledged.assessments
              ).set(id, ctx.marker!);
            }
          } else if (status >= 500) {
            stats.status5xx++;
            if (samples5xx.length < 10)
              samples5xx.push(`${ctx.kind}: ${status} ${body.slice(0, 200)}`);
          } else if (status >= 400) stats.status4xx++;
        },
      },
    ],
  });
  const rssSamples = rss.stop();

  // A graceful stop, the history verified offline, then a restart: every acknowledged write
  // must be there with what was written.
  await stopServer(server);
  const verify = await verifyCli(target);
  const again = await mustStart(target);
  const evidence = await listAll<{ id: string; title: string }>(again.base, '/api/evidence');
  const assessments = await listAll<{ id: string; rationale: string }>(
    again.base,
    '/api/assessments',
    bearer(tokens.admin),
  );
  const lost: string[] = [];
  const evidenceById = new Map(evidence.map((e) => [e.id, e.title]));
  const assessmentById = new Map(assessments.map((a) => [a.id, a.rationale]));
  for (const [id, title] of acknowledged.evidence)
    if (evidenceById.get(id) !== title) lost.push(`evidence ${id} (${title})`);
  for (const [id, rationale] of acknowledged.assessments)
    if (assessmentById.get(id) !== rationale) lost.push(`assessment ${id} (${rationale})`);
  await stopServer(again);

  const statusOf = (code: '2xx' | '4xx' | '5xx') => result[code];
  const loadResult: LoadResult = {
    engine,
    engineVersion: await engineVersion(),
    seconds,
    connections,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    byKind,
    status2xx: statusOf('2xx'),
    status4xx: statusOf('4xx'),
    status5xx: statusOf('5xx'),
    errors: result.errors,
    timeouts: result.timeouts,
    samples5xx,
    writesAcknowledged: acknowledged.evidence.size + acknowledged.assessments.size,
    writesFound: acknowledged.evidence.size + acknowledged.assessments.size - lost.length,
    lost: lost.slice(0, 20),
    verify,
    rss: rssSamples,
  };
  writeFileSync(out, JSON.stringify(loadResult, null, 2));
} finally {
  await killChildren();
  rmSync(dataDir, { recursive: true, force: true });
}

async function engineVersion(): Promise<string> {
  if (!target.databaseUrl) {
    const file = new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url);
    return `@electric-sql/pglite@${(JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version}`;
  }
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ v: string }>('SELECT version() AS v');
  await client.end();
  return rows[0]!.v.split(' on ')[0]!;
}
