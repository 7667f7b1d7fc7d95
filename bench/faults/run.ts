// `npm run faults`: `accord serve` (a real child process on 127.0.0.1) put through faults while
// writes and reads go on, each with bounded loops that stop by themselves:
//   - SIGKILL during writes (PGlite, and PostgreSQL when it can be started here), three times;
//   - PostgreSQL stopped (fast, then immediate) and started again under load: 503 problem+json
//     with Retry-After meanwhile, /readyz not ready, recovery without a restart;
//   - the data folder made read-only, while serving and before a start (PGlite);
//   - a feeds worker killed mid-job (the same startWorker as `accord worker`; PostgreSQL).
// After each: every acknowledged write present once, nothing unknown, the hash chain intact (API
// and `accord verify`). Writes docs/RESILIENCE.md. FAULTS_CASES=kill,outage,readonly,worker picks
// cases; FAULTS_NO_WRITE=1 leaves the document alone.
import {
  chmodSync,
  chownSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  killChildren,
  makeTokens,
  childEnv,
  exitOf,
  mustStart,
  root,
  sleep,
  startServer,
  stopServer,
  verifyCli,
  type Server,
  type Target,
} from '../load/serve.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { queueDatabase } from '../../src/jobs/queue.ts';
import { rss, startFeedServer } from '../../src/jobs/test-feed-server.ts';
import { queues } from '../../src/jobs/worker.ts';
import { systemActor } from '../../src/services/actor.ts';
import { addFeedSource } from '../../src/services/feeds.ts';
import { verifyEventChain } from '../../src/store/event-log.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { createCluster, postgresBin, type Cluster } from './postgres.ts';
import { checkWrites, someCommitments, Traffic, type WriteCheck } from './traffic.ts';

interface Row {
  fault: string;
  engine: string;
  tried: string;
  during: string;
  recovery: string;
  check: WriteCheck;
  odd?: string[];
  cliVerify: boolean;
  pass: boolean;
}

const cases = (process.env.FAULTS_CASES ?? 'kill,outage,readonly,worker').split(',');
const rows: Row[] = [];
const notes: string[] = [];
const folders: string[] = [];
const clusters: Cluster[] = [];
const started = Date.now();
const say = (line: string) => process.stderr.write(`faults: ${line}\n`);

const newFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-faults-'));
  folders.push(dir);
  return dir;
};
const describeTally = (t: Record<string, number>) =>
  Object.entries(t)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n}× ${k}`)
    .join(', ') || 'none';
const checked = (c: WriteCheck) =>
  c.lost.length === 0 && c.duplicated.length === 0 && c.unknown.length === 0 && c.chainOk;

/** SIGKILL during writes, three rounds, then a restart that must find everything. */
async function killDuringWrites(engine: string, target: Target): Promise<void> {
  say(`SIGKILL during writes on ${engine}`);
  let server = await mustStart(target);
  const tokens = await makeTokens(server.base);
  const traffic = new Traffic('kill', tokens.analyst);
  const rounds = 3;
  for (let round = 0; round < rounds; round++) {
    if (round > 0) server = await mustStart(target);
    const commitments = await someCommitments(server.base);
    const driving = traffic.drive(server.base, commitments, {
      loops: 6,
      untilMs: 8000,
      readShare: 0.2,
      giveUp: true,
    });
    await sleep(1200 + Math.random() * 1500);
    server.child.kill('SIGKILL');
    await server.exited;
    await driving;
  }
  server = await mustStart(target);
  const check = await checkWrites(server.base, traffic, tokens.admin);
  const fivexx = traffic.answers.filter((a) => a.status >= 500).length;
  const killedInFlight = traffic.answers.filter((a) => a.kind === 'write' && a.status === 0).length;
  await stopServer(server);
  const cli = await verifyCli(target);
  rows.push({
    fault: `SIGKILL of the server during writes (${rounds} times, 6 writers)`,
    engine,
    tried: `${check.sent} writes sent, ${traffic.answers.length - check.sent} reads`,
    during: `answers: ${describeTally(traffic.tally())}`,
    recovery: `restarted on the same data each time (${killedInFlight} writes in flight at the kills: unknown outcome, allowed either way)`,
    check,
    cliVerify: cli.ok,
    pass: checked(check) && cli.ok && fivexx === 0,
  });
}

/** PostgreSQL stopped and started under load: 503s meanwhile, and recovery without a restart. */
async function postgresOutage(cluster: Cluster, target: Target): Promise<void> {
  say('PostgreSQL stopped and started under load');
  const server = await mustStart(target);
  const tokens = await makeTokens(server.base);
  const commitments = await someCommitments(server.base);
  const traffic = new Traffic('outage', tokens.analyst);
  const driving = traffic.drive(server.base, commitments, {
    loops: 6,
    untilMs: 60_000,
    readShare: 0.5,
    giveUp: false,
  });
  const readyDuring: number[] = [];
  const recoveries: string[] = [];
  const windows: [number, number][] = [];
  for (const mode of ['fast', 'immediate'] as const) {
    await sleep(2000);
    const down = traffic.elapsed();
    cluster.stop(mode);
    const stoppedAt = traffic.elapsed();
    await sleep(1500);
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${server.base}/readyz`);
      await r.arrayBuffer();
      readyDuring.push(r.status);
      await sleep(300);
    }
    await sleep(1500);
    cluster.start();
    const up = traffic.elapsed();
    // Recovered: the first acknowledged write that started after PostgreSQL was back.
    const deadline = Date.now() + 30_000;
    let recovered: number | null = null;
    while (Date.now() < deadline && recovered === null) {
      const ok = traffic.answers.find((a) => a.at >= up && a.kind === 'write' && a.status === 201);
      if (ok) recovered = ok.at - up;
      else await sleep(100);
    }
    windows.push([stoppedAt, up]);
    recoveries.push(
      `${mode} stop: ${recovered === null ? 'NOT recovered in 30 s' : `writes acknowledged again ${Math.round(recovered)} ms after the start`}`,
    );
    void down;
  }
  await sleep(1500);
  traffic.stop();
  await driving;
  const during = windows.map(([from, to]) => traffic.tally(from + 300, to)); // past in-flight answers
  const merged: Record<string, number> = {};
  for (const t of during) for (const [k, n] of Object.entries(t)) merged[k] = (merged[k] ?? 0) + n;
  const bad = traffic.answers.filter(
    (a) => a.status >= 500 && !(a.status === 503 && a.problem && a.retryAfter),
  );
  const readyAfter = await fetch(`${server.base}/readyz`);
  await readyAfter.arrayBuffer();
  const check = await checkWrites(server.base, traffic, tokens.admin);
  await stopServer(server);
  const cli = await verifyCli(target);
  rows.push({
    fault:
      'PostgreSQL stopped (fast, then immediate) for ~3 s and started again, under load (6 loops, half writes)',
    engine: 'PostgreSQL',
    tried: `${check.sent} writes sent, ${traffic.answers.length - check.sent} reads`,
    during: `answers while down: ${describeTally(merged)}; /readyz while down: ${readyDuring.join(', ')}; other 5xx over the whole run: ${bad.length}`,
    recovery: `${recoveries.join('; ')}; /readyz after: ${readyAfter.status}; no restart of the API`,
    check,
    odd: [...errorLogs(server), ...traffic.odd.slice(0, 2)],
    cliVerify: cli.ok,
    pass:
      checked(check) &&
      cli.ok &&
      bad.length === 0 &&
      readyDuring.every((s) => s === 503) &&
      readyAfter.status === 200 &&
      recoveries.every((r) => !r.includes('NOT')) &&
      (merged['503 problem+json + Retry-After'] ?? 0) > 0,
  });
}

/** The server's logged unexpected errors (level 50), shortened: why a 500 happened. */
function errorLogs(server: Server): string[] {
  return server
    .logs()
    .split('\n')
    .filter((l) => l.includes('"level":50'))
    .slice(0, 5)
    .map((l) => {
      try {
        const e = JSON.parse(l) as {
          msg?: string;
          err?: { message?: string; code?: string; stack?: string };
        };
        return `log: ${e.msg} ${e.err?.code ?? ''} ${e.err?.message ?? ''} ${e.err?.stack?.split('\n').slice(1, 4).join(' ') ?? ''}`;
      } catch {
        return l.slice(0, 300);
      }
    });
}

const nobody = 65_534;
const setMode = (dir: string, writable: boolean) => {
  const walk = (path: string) => {
    const info = statSync(path);
    if (info.isDirectory()) {
      chmodSync(path, writable ? 0o755 : 0o555);
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else chmodSync(path, writable ? 0o644 : 0o444);
  };
  walk(dir);
};
const chownAll = (dir: string, uid: number) => {
  const walk = (path: string) => {
    chownSync(path, uid, uid);
    if (statSync(path).isDirectory())
      for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(dir);
};

/** The data folder made read-only while serving, and before a start (the server runs as nobody: root ignores file modes). */
async function readOnlyFolder(): Promise<void> {
  say('read-only data folder (PGlite)');
  const dataDir = newFolder();
  chownAll(dataDir, nobody);
  const target: Target = { dataDir, databaseUrl: undefined };
  const as = { uid: nobody, gid: 65_534 };
  let server: Server = await mustStart(target, as);
  const tokens = await makeTokens(server.base);
  const commitments = await someCommitments(server.base);
  const traffic = new Traffic('readonly', tokens.analyst);
  const driving = traffic.drive(server.base, commitments, {
    loops: 4,
    untilMs: 30_000,
    readShare: 0.5,
    giveUp: false,
  });
  await sleep(2000);
  const from = traffic.elapsed();
  setMode(dataDir, false);
  await sleep(4000);
  const to = traffic.elapsed();
  traffic.stop();
  await driving;
  const whileReadOnly = traffic.tally(from + 300, to);
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  const odd = [...errorLogs(server), ...traffic.odd.slice(0, 2)];
  const bad = traffic.answers.filter(
    (a) => a.at >= from && a.status >= 500 && !(a.status === 503 && a.problem),
  );
  if (alive) await stopServer(server);
  else await server.exited;

  // A start on the read-only folder: refused with one clear line, nothing changed.
  const refused = await startServer(target, { ...as, timeoutMs: 60_000 });
  let startOutcome: string;
  let refusedCleanly = false;
  if ('failed' in refused) {
    const lines = refused.failed.split('\n').filter(Boolean);
    refusedCleanly = lines.length <= 2 && !/\n\s+at /.test(refused.failed);
    startOutcome = `start refused, exit ${refused.code}: "${lines.at(-1)?.slice(0, 160)}"`;
  } else {
    startOutcome = 'start on the read-only folder was NOT refused';
    await stopServer(refused);
  }
  setMode(dataDir, true);
  server = await mustStart(target, as);
  const check = await checkWrites(server.base, traffic, tokens.admin);
  await stopServer(server);
  const cli = await verifyCli(target);
  rows.push({
    fault: 'data folder made read-only while serving (4 loops, half writes), then a start on it',
    engine: 'PGlite',
    tried: `${check.sent} writes sent, ${traffic.answers.length - check.sent} reads`,
    during: `answers while read-only: ${describeTally(whileReadOnly)} (files the database has open stay writable: permissions are checked when a file is opened; a write that needs a new file gets 503 storage_unavailable); server ${alive ? 'kept running' : 'exited'}; 5xx other than 503 problem+json: ${bad.length}; ${startOutcome}`,
    recovery: 'folder made writable again, restarted',
    check,
    odd,
    cliVerify: cli.ok,
    pass: checked(check) && cli.ok && bad.length === 0 && refusedCleanly,
  });
}

/**
 * A feeds worker killed with SIGKILL while it fetches a feed (its job active), then a second
 * worker: the job must be retried and its items stored once. pg-boss retries a dead worker's job
 * once it expires (15 min in production, found by maintenance every 2 min): here the queue is
 * created beforehand with a 3 s expiry and maintenance runs every second, to keep the run short.
 */
async function workerKilledMidJob(bin: string): Promise<void> {
  say('worker killed mid-job (PostgreSQL)');
  const cluster = createCluster(bin);
  clusters.push(cluster);
  const target: Target = { dataDir: newFolder(), databaseUrl: cluster.url };
  await stopServer(await mustStart(target)); // migrated, the Accord imported
  const items = Array.from({ length: 5 }, (_, i) => ({
    guid: `fault-item-${i}`,
    link: `https://gov.example/news/nuclear-dialogue-${i}`,
    title: `Japan-UK Nuclear Dialogue meeting ${i} on advanced nuclear technologies`,
    description: 'Officials discussed Small Modular Reactors, nuclear fuels and decommissioning.',
    pubDate: '2023-12-19T10:00:00Z',
  }));
  let first = true;
  const feed = await startFeedServer({
    '/feed.xml': (_req, res) => {
      if (first) {
        first = false; // the first fetch hangs: the worker is killed while it waits
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(items));
    },
  });
  const database = await openDatabase({ databaseUrl: cluster.url });
  const supervisor = new PgBoss({
    db: queueDatabase(database),
    schema: 'pgboss',
    supervise: true,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: 1,
  });
  supervisor.on('error', () => undefined);
  const workers: ChildProcess[] = [];
  let workerLog = '';
  try {
    await supervisor.start();
    await supervisor.createQueue(queues.pollDue, { name: queues.pollDue, policy: 'short' });
    await supervisor.createQueue(queues.pollSource, {
      name: queues.pollSource,
      policy: 'stately',
      retryLimit: 3,
      retryDelay: 1,
      retryBackoff: false,
      expireInSeconds: 3,
    });
    const source = await addFeedSource(database, systemActor, '1', {
      url: feed.url('/feed.xml'),
      intervalMinutes: 60,
    });
    const startWorkerChild = () => {
      const child = spawn(
        process.execPath,
        // One process (tsx as a loader, not its CLI, which would run the script in a child that
        // a SIGKILL of this process leaves running).
        ['--import', 'tsx', join(root, 'bench/faults/worker-child.ts')],
        { cwd: root, env: childEnv(target), stdio: ['ignore', 'ignore', 'pipe'] },
      );
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        if (workerLog.length < 20_000) workerLog += chunk;
      });
      workers.push(child);
      return child;
    };
    const jobs = async () =>
      (
        await sql<{
          state: string;
          retry_count: number;
        }>`SELECT state, retry_count FROM pgboss.job WHERE name = ${queues.pollSource}`.execute(
          database.db,
        )
      ).rows;
    const storedItems = () =>
      database.db
        .selectFrom('feed_items')
        .innerJoin('feed_sources_items', 'feed_sources_items.item_id', 'feed_items.id')
        .select('feed_items.guid_key')
        .where('feed_sources_items.source_id', '=', source.id)
        .execute();
    const firstWorker = startWorkerChild();
    const deadline = Date.now() + 60_000;
    while (feed.hits('/feed.xml') === 0 && Date.now() < deadline) await sleep(100);
    const fetchingAtKill = feed.hits('/feed.xml');
    const statesAtKill = (await jobs()).map((j) => j.state).join(', ');
    firstWorker.kill('SIGKILL');
    await exitOf(firstWorker);
    const killedAt = Date.now();
    const secondWorker = startWorkerChild();
    let stored = await storedItems();
    while (Date.now() < killedAt + 90_000) {
      stored = await storedItems();
      const completed = (await jobs()).filter((j) => j.state === 'completed');
      if (stored.length >= items.length && completed.length > 0) break;
      await sleep(250);
    }
    const recoveredMs = Date.now() - killedAt;
    await sleep(3000); // anything done twice would show by now
    stored = await storedItems();
    const finalJobs = await jobs();
    secondWorker.kill('SIGTERM');
    await exitOf(secondWorker);
    const suggestions = await database.db
      .selectFrom('suggestions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const chain = await verifyEventChain(database.db);
    const sourceState = await database.db
      .selectFrom('feed_sources')
      .select(['last_status', 'last_error', 'failures'])
      .where('id', '=', source.id)
      .executeTakeFirst();
    const keys = stored.map((s) => s.guid_key ?? '');
    const duplicated = keys.filter((k, i) => keys.indexOf(k) !== i);
    const missing = items.filter((i) => !keys.some((k) => k.includes(i.guid))).map((i) => i.guid);
    const completed = finalJobs.filter((j) => j.state === 'completed');
    const retried = finalJobs.some((j) => j.retry_count > 0);
    await supervisor.stop({ graceful: false, close: false, wait: true });
    await database.close();
    const cli = await verifyCli(target);
    rows.push({
      fault: 'a feeds worker SIGKILLed mid-job (while fetching a feed), then a second worker',
      engine: 'PostgreSQL',
      tried: `${items.length} feed items; ${feed.hits('/feed.xml')} fetches (${fetchingAtKill} in flight at the kill)`,
      during: `job states at the kill: ${statesAtKill || 'none'}; the killed job stays active until it expires (3 s here, 15 min in production)`,
      recovery: `${retried ? 'retried' : 'NOT retried'} by the second worker; items stored ${(recoveredMs / 1000).toFixed(1)} s after the kill; jobs: ${finalJobs.map((j) => `${j.state} (retries ${j.retry_count})`).join(', ')}; ${suggestions.n} suggestions`,
      check: {
        sent: items.length,
        acknowledged: items.length,
        found: items.length - missing.length,
        lost: missing,
        duplicated,
        unknown: [],
        chainOk: chain.ok,
        events: chain.events,
      },
      odd: [
        `source: ${JSON.stringify(sourceState)}`,
        ...workerLog
          .split('\n')
          .filter((l) => /warn|error|Error/.test(l))
          .slice(0, 5)
          .map((l) => `worker: ${l.slice(0, 300)}`),
      ],
      cliVerify: cli.ok,
      pass:
        missing.length === 0 &&
        duplicated.length === 0 &&
        chain.ok &&
        cli.ok &&
        retried &&
        completed.length >= 1,
    });
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await feed.close();
    cluster.remove();
  }
}

try {
  const bin = postgresBin();
  if (cases.includes('kill')) {
    await killDuringWrites('PGlite', { dataDir: newFolder(), databaseUrl: undefined });
    if (bin) {
      const cluster = createCluster(bin);
      clusters.push(cluster);
      await killDuringWrites('PostgreSQL', { dataDir: newFolder(), databaseUrl: cluster.url });
      cluster.remove();
    }
  }
  if (cases.includes('outage')) {
    if (bin) {
      const cluster = createCluster(bin);
      clusters.push(cluster);
      await postgresOutage(cluster, { dataDir: newFolder(), databaseUrl: cluster.url });
      cluster.remove();
    } else
      notes.push('PostgreSQL outage skipped: PostgreSQL is not installed, or this is not root.');
  }
  if (cases.includes('readonly')) {
    if (process.getuid?.() === 0) await readOnlyFolder();
    else notes.push('Read-only folder skipped: it runs the server as `nobody`, which needs root.');
  }
  if (cases.includes('worker')) {
    if (bin) await workerKilledMidJob(bin);
    else notes.push('Worker killed mid-job skipped: it needs PostgreSQL (root, installed).');
  }
} finally {
  await killChildren();
  for (const cluster of clusters) cluster.remove();
  for (const dir of folders) {
    try {
      setMode(dir, true);
    } catch {
      // gone already
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const lines = [
  `${new Date().toISOString().slice(0, 10)}; ${cpus().length} cores, Node ${process.version}; generated by \`npm run faults\` (bench/faults/) in ${(Math.max(1, Date.now() - started) / 60_000).toFixed(1)} min. \`accord serve\` runs as a child process on 127.0.0.1; writes are evidence with unique titles through an analyst's API token. After each fault: every acknowledged (2xx) write looked up by id with its title, titles counted for duplicates, nothing found that was never sent, the hash chain checked through the API and by \`accord verify\` (CLI, server stopped).`,
  '',
  '| fault | engine | inputs tried | during the fault | recovery | acknowledged / found / lost | duplicates, unknown | history (API, CLI) | result |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.fault} | ${r.engine} | ${r.tried} | ${r.during} | ${r.recovery} | ${r.check.acknowledged} / ${r.check.found} / **${r.check.lost.length}** | ${r.check.duplicated.length}, ${r.check.unknown.length} | ${r.check.chainOk ? 'intact' : 'BROKEN'} (${r.check.events} events), ${r.cliVerify ? 'intact' : 'BROKEN'} | ${r.pass ? 'pass' : 'FAIL'} |`,
  ),
  '',
  `Faults survived: ${rows.filter((r) => r.pass).length} of ${rows.length}; writes acknowledged: ${rows.reduce((n, r) => n + r.check.acknowledged, 0)}, lost: ${rows.reduce((n, r) => n + r.check.lost.length, 0)}.`,
  ...(notes.length > 0 ? ['', ...notes.map((n) => `- ${n}`)] : []),
  ...rows.flatMap((r) =>
    [...(r.pass ? [] : (r.odd ?? [])), ...r.check.lost, ...r.check.duplicated, ...r.check.unknown]
      .slice(0, 10)
      .map((x) => `- ${r.engine} ${r.fault.split(' (')[0]}: ${x}`),
  ),
];
const table = lines.join('\n');
process.stdout.write(`${table}\n`);
if (process.env.FAULTS_NO_WRITE !== '1' && rows.length > 0) {
  const file = fileURLToPath(new URL('../../docs/RESILIENCE.md', import.meta.url));
  writeFileSync(
    file,
    `# Resilience: faults survived\n\nThis file is generated by \`npm run faults\`; do not edit it by hand. What each fault\nshould do is described in docs/SECURITY.md and the README.\n\n${table}\n`,
  );
}
process.exitCode = rows.length > 0 && rows.every((r) => r.pass) ? 0 : 1;
