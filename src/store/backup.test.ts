import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CompiledQuery } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../test/database.ts';
import { DomainError } from '../core/domain-error.ts';
import { backupDatabase, backupTableOrder, restoreDatabase } from './backup.ts';
import { appendEvent, eventHash, genesisHash, verifyEventChain } from './event-log.ts';
import { listMigrations } from './migrate.ts';
import { openDatabase, type Database } from './open-database.ts';

const primaryKeys: Record<string, string> = {
  users: 'id',
  sessions: 'token_hash',
  api_tokens: 'id',
  agreements: 'id',
  agreement_parties: 'agreement_id, code',
  agreement_versions: 'id',
  sections: 'id',
  commitments: 'id',
  evidence: 'id',
  evidence_commitments: 'evidence_id, commitment_id',
  cycles: 'id',
  assessments: 'id',
  events: 'id',
};

/** A few rows in every table, with NULLs, arrays, JSON, dates, Japanese text and quotes. */
async function populate(database: Database): Promise<void> {
  const { db } = database;
  const [alice, bob] = await db
    .insertInto('users')
    .values([
      { email: 'alice@example.org', name: 'Alice', role: 'admin', password_hash: 'h1' },
      {
        email: 'bob@example.org',
        name: 'Bob "B" O\'Neil',
        role: 'reviewer',
        password_hash: 'h2',
        disabled: true,
      },
    ])
    .returning('id')
    .execute();
  await db
    .insertInto('sessions')
    .values({
      token_hash: 'sess-1',
      user_id: alice!.id,
      csrf_token: 'c',
      expires_at: '2030-01-01T00:00:00.123456Z',
    })
    .execute();
  await db
    .insertInto('api_tokens')
    .values([
      { user_id: alice!.id, name: 'ci', token_hash: 't1', last_used_at: null, revoked_at: null },
      {
        user_id: bob!.id,
        name: 'old',
        token_hash: 't2',
        last_used_at: new Date('2024-02-03T04:05:06Z'),
        revoked_at: new Date(),
      },
    ])
    .execute();
  const agreement = await db
    .insertInto('agreements')
    .values({
      slug: 'hiroshima',
      title: '広島合意 Accord',
      signed: '2023-05-18',
      place: 'Hiroshima',
      language: 'en',
      source_url: null,
      current_version_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const other = await db
    .insertInto('agreements')
    .values({
      slug: 'draft',
      title: 'Draft',
      signed: null,
      place: null,
      language: 'ja',
      source_url: 'https://example.org/x',
      private: true,
      current_version_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('agreement_parties')
    .values([
      { agreement_id: agreement.id, code: 'JP', name: 'Japan', position: 1 },
      { agreement_id: agreement.id, code: 'US', name: 'United States', position: 2 },
    ])
    .execute();
  const version = await db
    .insertInto('agreement_versions')
    .values({
      agreement_id: agreement.id,
      number: 1,
      text: 'Line one.\nLine "two" \\ back\u2028slash 日本語',
      format: 'text',
      hints: JSON.stringify([{ kind: 'heading', at: 0 }, null, 1.5]),
      sha256: 'abc',
      file_name: null,
      created_by: alice!.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('agreements')
    .set({ current_version_id: version.id })
    .where('id', '=', agreement.id)
    .execute();
  await db
    .insertInto('sections')
    .values([
      {
        version_id: version.id,
        eid: 'art_1',
        number: '1',
        heading: 'One',
        parent_eid: null,
        position: 0,
      },
      {
        version_id: version.id,
        eid: 'art_1__para_1',
        number: null,
        heading: null,
        parent_eid: 'art_1',
        position: 1,
      },
    ])
    .execute();
  const mention = JSON.stringify([{ value: 'Japan', start: 0, end: 5 }]);
  const commitments = await db
    .insertInto('commitments')
    .values(
      [1, 2].map((n) => ({
        agreement_id: agreement.id,
        version_id: version.id,
        eid: `c_${n}`,
        section: 'art_1',
        sentence_eid: n === 1 ? 's_1' : null,
        span_start: 0,
        span_end: 10 + n,
        text: `Japan will do ${n}`,
        deadline_date: n === 1 ? '2030-12-31' : null,
        deadline_precision: n === 1 ? ('year' as const) : null,
        deadline_phrase: n === 1 ? 'by 2030' : null,
        actors: mention,
        instruments: '[]',
        targets: '[]',
        topics: n === 1 ? ['climate', 'a "quoted", {braced} topic', 'NULL'] : [],
        strength: 'firm' as const,
        kind: 'action' as const,
        position: n,
        search_text: `Japan will do ${n}`,
      })),
    )
    .returning('id')
    .execute();
  const evidence = await db
    .insertInto('evidence')
    .values({
      title: 'Press',
      url: null,
      published: '2024-01-02',
      publisher: null,
      excerpt: 'x',
      language: 'en',
      kind: 'press_release',
      search_text: 'press',
      created_by: bob!.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('evidence_commitments')
    .values({ evidence_id: evidence.id, commitment_id: commitments[0]!.id, linked_by: null })
    .execute();
  const cycle = await db
    .insertInto('cycles')
    .values({ agreement_id: agreement.id, name: '2024', cutoff: '2024-12-31' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('assessments')
    .values([
      {
        commitment_id: commitments[0]!.id,
        party: 'JP',
        cycle_id: cycle.id,
        status: 'in_progress',
        score: 1,
        rationale: 'ok',
        evidence_ids: [evidence.id],
        author_id: alice!.id,
        reviewer_id: bob!.id,
        review_comment: null,
        submitted_at: new Date(),
        decided_at: null,
      },
      {
        commitment_id: commitments[1]!.id,
        party: 'US',
        cycle_id: cycle.id,
        status: 'not_started',
        score: null,
        rationale: '',
        evidence_ids: [],
        author_id: bob!.id,
        reviewer_id: null,
        review_comment: null,
        submitted_at: null,
        decided_at: null,
      },
    ])
    .execute();
  for (const [i, payload] of [
    { a: 1 },
    { nested: { z: [1, 'two', null], a: '日本' } },
    { big: 12345678901234 },
  ].entries()) {
    await db.transaction().execute((tx) =>
      appendEvent(tx, {
        actorId: i === 0 ? null : alice!.id,
        actor: i === 0 ? 'system' : 'alice@example.org',
        type: `t.${i}`,
        agreementId: i === 2 ? other.id : agreement.id,
        subject: `agreement:${agreement.id}`,
        payload,
      }),
    );
  }
}

/** Every table's rows as sorted JSON text, microseconds and all. */
async function snapshot(database: Database): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of backupTableOrder) {
    const { rows } = await database.db.executeQuery<{ j: string }>(
      CompiledQuery.raw(
        `SELECT to_jsonb(t)::text AS j FROM ${table} t ORDER BY ${primaryKeys[table]}`,
      ),
    );
    result[table] = rows.map((r) => r.j).sort();
  }
  return result;
}

/** The row lines of a backup file (the header's time left out). */
function rowLines(file: string): string[] {
  return gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(1);
}

function rewrite(file: string, out: string, edit: (lines: string[]) => string[]): void {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  writeFileSync(out, gzipSync(edit(lines).join('\n')));
}

async function isEmpty(database: Database): Promise<boolean> {
  const counts = await snapshot(database);
  return Object.values(counts).every((rows) => rows.length === 0);
}

async function expectDomainError(
  promise: Promise<unknown>,
  code: string,
  message: RegExp,
): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect((error as DomainError).message).toMatch(message);
  expect((error as DomainError).message).not.toContain('\n');
}

describe(`backup and restore on ${engine}`, () => {
  let folder: string;
  let source: Database;
  let backupFile: string;
  const open: Database[] = [];
  const fresh = async () => {
    const database = await openTestDatabase();
    open.push(database);
    return database;
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'accord-backup-'));
    source = await openTestDatabase();
    await populate(source);
    backupFile = join(folder, 'backup.jsonl.gz');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await source.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes a header, one line per row in foreign-key order, and an end line', async () => {
    const progress: string[] = [];
    const result = await backupDatabase(source, backupFile, {
      onProgress: (table) => progress.push(table),
    });
    expect(result.tables).toMatchObject({
      users: 2,
      sessions: 1,
      api_tokens: 2,
      agreements: 2,
      agreement_parties: 2,
      agreement_versions: 1,
      sections: 2,
      commitments: 2,
      evidence: 1,
      evidence_commitments: 1,
      cycles: 1,
      assessments: 2,
      events: 3,
    });
    // Tables later migrations add come after the listed ones.
    expect(Object.keys(result.tables).slice(0, backupTableOrder.length)).toEqual([
      ...backupTableOrder,
    ]);
    expect(progress).toContain('events');

    const lines = gunzipSync(readFileSync(backupFile))
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      format: 'accord-backup',
      version: 1,
      schemaVersion: Math.max(...listMigrations().map((m) => m.version)),
      createdAt: expect.any(String) as unknown,
    });
    const end = lines.at(-1)!;
    const chain = await verifyEventChain(source.db);
    expect(end).toEqual({ end: true, counts: result.tables, lastEventHash: chain.lastHash });
    const tables = lines.slice(1, -1).map((l) => l.table as string);
    expect(tables).toEqual(
      [...tables].sort(
        (a, b) => backupTableOrder.indexOf(a as never) - backupTableOrder.indexOf(b as never),
      ),
    );
    const commitment = lines.find((l) => l.table === 'commitments')!.row as Record<string, unknown>;
    expect(commitment).not.toHaveProperty('search_vector');
    expect(commitment.id).toEqual(expect.any(String));
    expect(commitment.deadline_date).toBe('2030-12-31');
    expect(commitment.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(commitment.actors).toEqual([{ value: 'Japan', start: 0, end: 5 }]);
    expect(commitment.topics).toEqual(['climate', 'a "quoted", {braced} topic', 'NULL']);
    const assessment = lines.find((l) => l.table === 'assessments')!.row as Record<string, unknown>;
    expect(assessment.evidence_ids).toEqual([expect.any(String)]);
  });

  it('restores every row, ids and times exactly, into an empty database; sequences continue', async () => {
    await backupDatabase(source, backupFile);
    const target = await fresh();
    const result = await restoreDatabase(target, backupFile);
    expect(result.tables.events).toBe(3);
    expect(await snapshot(target)).toEqual(await snapshot(source));
    expect(await verifyEventChain(target.db)).toMatchObject({
      ok: true,
      events: 3,
      lastHash: result.lastEventHash,
    });

    // New rows get fresh ids, and the chain goes on from the restored events.
    const maxUser = (
      await source.db
        .selectFrom('users')
        .select('id')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).id;
    const user = await target.db
      .insertInto('users')
      .values({ email: 'carol@example.org', name: 'Carol', role: 'viewer', password_hash: 'h' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(BigInt(user.id)).toBe(BigInt(maxUser) + 1n);
    const event = await target.db.transaction().execute((tx) =>
      appendEvent(tx, {
        actorId: null,
        actor: 'test',
        type: 'after',
        agreementId: null,
        subject: 'x:1',
        payload: {},
      }),
    );
    expect(event.prevHash).toBe(result.lastEventHash);
    expect(await verifyEventChain(target.db)).toMatchObject({ ok: true, events: 4 });
    for (const table of [
      'api_tokens',
      'agreements',
      'agreement_versions',
      'sections',
      'commitments',
      'evidence',
      'cycles',
      'assessments',
    ] as const) {
      const { rows } = await target.db.executeQuery<{ next: string; max: string }>(
        CompiledQuery.raw(
          `SELECT (SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM ${table}_id_seq)::text AS next, (SELECT max(id) FROM ${table})::text AS max`,
        ),
      );
      expect(BigInt(rows[0]!.next), table).toBe(BigInt(rows[0]!.max) + 1n);
    }
  });

  it('gives the same file back from a restored database, across engines', async () => {
    await backupDatabase(source, backupFile);
    // The other engine: PGlite in memory when the tests run on PostgreSQL, else PGlite again.
    const other = await openDatabase({ dataDir: 'memory://' });
    open.push(other);
    await restoreDatabase(other, backupFile);
    const again = join(folder, 'again.jsonl.gz');
    await backupDatabase(other, again);
    expect(rowLines(again)).toEqual(rowLines(backupFile));
    // And back into the engine under test.
    const target = await fresh();
    await restoreDatabase(target, again);
    expect(await snapshot(target)).toEqual(await snapshot(source));
  });

  it('reads and restores tables of several pages, in key order (ids past 999, text keys)', async () => {
    const big = await fresh();
    const user = await big.db
      .insertInto('users')
      .values({ email: 'p@example.org', name: 'P', role: 'viewer', password_hash: 'h' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await big.db
      .insertInto('sessions')
      .values(
        Array.from({ length: 1500 }, (_, i) => ({
          token_hash: `s-${i}`,
          user_id: user.id,
          csrf_token: 'c',
          expires_at: '2030-01-01T00:00:00Z',
        })),
      )
      .execute();
    // Events written directly (as appendEvent would, faster): a chain of 2,600.
    let prevHash = genesisHash;
    for (let start = 1; start <= 2600; start += 500) {
      const rows = Array.from({ length: Math.min(500, 2601 - start) }, (_, i) => {
        const event = {
          id: String(start + i),
          at: new Date(1_700_000_000_000 + start + i),
          actorId: null,
          actor: 'bulk',
          type: 'bulk',
          agreementId: null,
          subject: `x:${start + i}`,
          payload: { i: start + i },
          prevHash,
        };
        const hash = eventHash(event);
        prevHash = hash;
        return {
          id: event.id,
          at: event.at,
          actor_id: null,
          actor: event.actor,
          type: event.type,
          agreement_id: null,
          subject: event.subject,
          payload: JSON.stringify(event.payload),
          prev_hash: event.prevHash,
          hash,
        };
      });
      await big.db.insertInto('events').values(rows).execute();
    }
    await big.exec(`SELECT setval(pg_get_serial_sequence('events', 'id'), 2600)`);
    const file = join(folder, 'big.jsonl.gz');
    const progress: Array<[string, number]> = [];
    expect(
      (await backupDatabase(big, file, { onProgress: (t, n) => progress.push([t, n]) })).tables,
    ).toMatchObject({ sessions: 1500, events: 2600 });
    expect(progress.filter(([t]) => t === 'events').length).toBeGreaterThan(1);
    const ids = rowLines(file)
      .filter((l) => l.startsWith('{"table":"events"'))
      .map((l) => Number((JSON.parse(l) as { row: { id: string } }).row.id));
    expect(ids).toEqual(Array.from({ length: 2600 }, (_, i) => i + 1));

    const target = await fresh();
    expect((await restoreDatabase(target, file)).tables).toMatchObject({
      sessions: 1500,
      events: 2600,
    });
    expect(await snapshot(target)).toEqual(await snapshot(big));
    expect(await verifyEventChain(target.db)).toMatchObject({
      ok: true,
      events: 2600,
      lastHash: prevHash,
    });
  });

  it('refuses to restore into a database that holds data, and leaves it as it was', async () => {
    await backupDatabase(source, backupFile);
    const target = await fresh();
    await target.db
      .insertInto('users')
      .values({ email: 'x@example.org', name: 'X', role: 'viewer', password_hash: 'h' })
      .execute();
    const before = await snapshot(target);
    await expectDomainError(
      restoreDatabase(target, backupFile),
      'restore_target_not_empty',
      /already holds data \(users\)/,
    );
    expect(await snapshot(target)).toEqual(before);
  });

  it('refuses a truncated backup and writes nothing', async () => {
    await backupDatabase(source, backupFile);
    const target = await fresh();
    const bytes = readFileSync(backupFile);
    const half = join(folder, 'half.jsonl.gz');
    writeFileSync(half, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectDomainError(restoreDatabase(target, half), 'invalid_backup', /truncated/);
    expect(await isEmpty(target)).toBe(true);

    const noEnd = join(folder, 'no-end.jsonl.gz');
    rewrite(backupFile, noEnd, (lines) => lines.filter((l) => !l.startsWith('{"end":true')));
    await expectDomainError(
      restoreDatabase(target, noEnd),
      'invalid_backup',
      /truncated \(no end line\)/,
    );
    expect(await isEmpty(target)).toBe(true);

    const lostRow = join(folder, 'lost-row.jsonl.gz');
    rewrite(backupFile, lostRow, (lines) =>
      lines.filter((l) => !l.startsWith('{"table":"sections"')),
    );
    await expectDomainError(
      restoreDatabase(target, lostRow),
      'invalid_backup',
      /counts 2 rows of sections, the file holds 0/,
    );
    expect(await isEmpty(target)).toBe(true);

    // The same file, whole, restores into that database afterwards.
    await restoreDatabase(target, backupFile);
    expect(await snapshot(target)).toEqual(await snapshot(source));
  });

  it('refuses files that are not backups it can read', async () => {
    await backupDatabase(source, backupFile);
    const target = await fresh();
    const random = join(folder, 'random.bin');
    writeFileSync(
      random,
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
    );
    await expectDomainError(
      restoreDatabase(target, random),
      'invalid_backup',
      /not a gzip-compressed Accord backup/,
    );

    const text = join(folder, 'notes.txt.gz');
    writeFileSync(text, gzipSync('hello\nworld\n'));
    await expectDomainError(
      restoreDatabase(target, text),
      'invalid_backup',
      /not an Accord backup/,
    );

    const otherFormat = join(folder, 'other.jsonl.gz');
    writeFileSync(otherFormat, gzipSync('{"format":"something-else","version":1}\n'));
    await expectDomainError(
      restoreDatabase(target, otherFormat),
      'invalid_backup',
      /not an Accord backup/,
    );

    const version2 = join(folder, 'v2.jsonl.gz');
    rewrite(backupFile, version2, ([header, ...rest]) => [
      header!.replace('"version":1', '"version":2'),
      ...rest,
    ]);
    await expectDomainError(
      restoreDatabase(target, version2),
      'invalid_backup',
      /format version 2/,
    );

    const newer = join(folder, 'newer.jsonl.gz');
    rewrite(backupFile, newer, ([header, ...rest]) => [
      header!.replace(/"schemaVersion":\d+/, '"schemaVersion":999'),
      ...rest,
    ]);
    await expectDomainError(
      restoreDatabase(target, newer),
      'invalid_backup',
      /schema version 999, newer than/,
    );

    const tampered = join(folder, 'tampered.jsonl.gz');
    rewrite(backupFile, tampered, (lines) =>
      lines.map((l) =>
        l.startsWith('{"table":"events"') ? l.replace('"type":"t.1"', '"type":"t.x"') : l,
      ),
    );
    await expectDomainError(
      restoreDatabase(target, tampered),
      'invalid_backup',
      /event log is broken/,
    );

    expect(await isEmpty(target)).toBe(true);
  });
});
