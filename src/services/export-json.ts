import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import { agreementExportSchema, type AgreementExport } from '../core/export/agreement-json.ts';
import { searchText } from '../core/text/search-text.ts';
import { appendEvent } from '../store/event-log.ts';
import { commitmentAttributeColumns, cyclesOf } from '../store/export-rows.ts';
import type { Schema } from '../store/schema.ts';
import { refreshStatistics } from '../store/statistics.ts';
import type { Actor } from './actor.ts';
import { requireRole } from './authorize.ts';
import { visibleAgreement, type Reader } from './export-register.ts';
import type { Deps } from './tx.ts';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Exports a whole agreement as one JSON document (see docs/agreement-export.schema.json): its
 * exact text, structure, register (every commitment, rejected ones too for members), evidence,
 * cycles, assessments and history. Anonymous readers get approved assessments only, active
 * commitments only, and no history.
 */
export async function exportAgreementJson(
  deps: Deps,
  idOrSlug: string,
  reader: Reader,
  now = new Date(),
): Promise<AgreementExport> {
  const a = await visibleAgreement(deps, idOrSlug, reader);
  if (!a.current_version_id)
    throw new DomainError('agreement_not_found', `agreement ${a.id} has no text`);
  const db = deps.db;
  const [version, sections, commitments, cycles, assessments] = await Promise.all([
    db
      .selectFrom('agreement_versions')
      .selectAll()
      .where('id', '=', a.current_version_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sections')
      .select(['eid', 'number', 'heading', 'parent_eid'])
      .where('version_id', '=', a.current_version_id)
      .orderBy('position')
      .execute(),
    (() => {
      let q = db
        .selectFrom('commitments')
        .select(['id', ...commitmentAttributeColumns, 'position'])
        .where('agreement_id', '=', a.id)
        .orderBy('position')
        .orderBy('id');
      if (!reader.member) q = q.where('state', '=', 'active');
      return q.execute();
    })(),
    cyclesOf(db, a.id),
    (() => {
      let q = db
        .selectFrom('assessments as s')
        .innerJoin('commitments as c', 'c.id', 's.commitment_id')
        .selectAll('s')
        .where('c.agreement_id', '=', a.id)
        .orderBy('s.id');
      if (!reader.member) q = q.where('s.state', '=', 'approved');
      return q.execute();
    })(),
  ]);
  const commitmentIds = new Set(commitments.map((c) => c.id));
  const links = await db
    .selectFrom('evidence_commitments as l')
    .innerJoin('commitments as c', 'c.id', 'l.commitment_id')
    .select(['l.evidence_id', 'l.commitment_id'])
    .where('c.agreement_id', '=', a.id)
    .orderBy('l.evidence_id')
    .orderBy('l.commitment_id')
    .execute();
  const evidenceIds = new Set<string>();
  for (const l of links) if (commitmentIds.has(l.commitment_id)) evidenceIds.add(l.evidence_id);
  for (const s of assessments) s.evidence_ids.forEach((e) => evidenceIds.add(e));
  const evidence =
    evidenceIds.size === 0
      ? []
      : await db
          .selectFrom('evidence')
          .select([
            'id',
            'title',
            'url',
            'published',
            'publisher',
            'excerpt',
            'language',
            'kind',
            'created_at',
          ])
          .where('id', 'in', [...evidenceIds])
          .orderBy('id')
          .execute();
  const userIds = [
    ...new Set(
      assessments.flatMap((s) => [s.author_id, ...(s.reviewer_id ? [s.reviewer_id] : [])]),
    ),
  ];
  const users = new Map(
    (userIds.length === 0
      ? []
      : await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute()
    ).map((u) => [u.id, u.name]),
  );
  const refs = new Map<string, string>();
  const ref = (userId: string) => {
    let r = refs.get(userId);
    if (!r) refs.set(userId, (r = `p${refs.size + 1}`));
    return r;
  };
  const events = reader.member
    ? await db
        .selectFrom('events')
        .selectAll()
        .where('agreement_id', '=', a.id)
        .orderBy('id')
        .execute()
    : [];
  const presentedAssessments = assessments.map((s) => ({
    id: s.id,
    commitment: s.commitment_id,
    party: s.party,
    cycle: s.cycle_id,
    status: s.status as AgreementExport['assessments'][number]['status'],
    score: s.score as -1 | 0 | 1 | null,
    rationale: s.rationale,
    evidence: s.evidence_ids,
    state: s.state,
    author: ref(s.author_id),
    reviewer: s.reviewer_id ? ref(s.reviewer_id) : null,
    review_comment: s.review_comment,
    submitted_at: isoOrNull(s.submitted_at),
    decided_at: isoOrNull(s.decided_at),
    created_at: iso(s.created_at),
    updated_at: iso(s.updated_at),
  }));
  return {
    format: 'accord-agreement-export',
    format_version: 1,
    exported_at: iso(now),
    scope: reader.member ? 'members' : 'public',
    agreement: {
      id: a.id,
      slug: a.slug,
      title: a.title,
      signed: a.signed,
      place: a.place,
      language: a.language,
      source_url: a.source_url,
      private: a.private,
      created_at: iso(a.created_at),
      parties: a.parties,
    },
    text: {
      version_id: version.id,
      number: version.number,
      format: version.format as AgreementExport['text']['format'],
      sha256: version.sha256,
      file_name: version.file_name,
      created_at: iso(version.created_at),
      text: version.text,
      hints: version.hints as AgreementExport['text']['hints'],
    },
    sections,
    commitments,
    evidence: evidence.map((e) => ({
      ...e,
      created_at: iso(e.created_at),
      commitments: links
        .filter((l) => l.evidence_id === e.id && commitmentIds.has(l.commitment_id))
        .map((l) => l.commitment_id),
    })),
    cycles: cycles.map((c) => ({
      id: c.id,
      name: c.name,
      cutoff: c.cutoff,
      opened_at: iso(c.opened_at),
    })),
    people: [...refs].map(([userId, r]) => ({ ref: r, name: users.get(userId) ?? 'unknown' })),
    assessments: presentedAssessments,
    events: events.map((e) => ({
      id: e.id,
      at: iso(e.at),
      actor: e.actor,
      type: e.type,
      subject: e.subject,
      payload: e.payload as Record<string, unknown>,
      prev_hash: e.prev_hash,
      hash: e.hash,
    })),
  };
}

/**
 * Validates a JSON export against the schema; problems name their path.
 *
 * @example parseAgreementExport(JSON.parse(text)).agreement.title
 */
export function parseAgreementExport(value: unknown): AgreementExport {
  const parsed = agreementExportSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new DomainError(
      'invalid_export',
      `not an agreement export: ${first.path.join('.') || '(root)'}: ${first.message} (${parsed.error.issues.length} problem(s))`,
    );
  }
  return parsed.data;
}

/**
 * Imports a JSON export into an instance that holds none of its rows, keeping every id, time and
 * value, so that exporting it again gives the same document. Authors and reviewers become
 * disabled accounts that cannot sign in. The source history cannot join this instance's hash
 * chain, so it is kept whole in one `agreement.restored` event. One transaction (admin only).
 */
export async function importAgreementJson(
  deps: Deps,
  actor: Actor,
  doc: AgreementExport,
): Promise<{ agreementId: string; commitments: number; assessments: number; evidence: number }> {
  requireRole(actor, 'admin');
  const result = await deps.db.transaction().execute(async (tx) => {
    await refuseClashes(tx, doc);
    const a = doc.agreement;
    await tx
      .insertInto('agreements')
      .values({
        id: a.id,
        slug: a.slug,
        title: a.title,
        signed: a.signed,
        place: a.place,
        language: a.language,
        source_url: a.source_url,
        private: a.private,
        created_at: a.created_at,
        updated_at: a.created_at,
      })
      .execute();
    if (a.parties.length > 0)
      await tx
        .insertInto('agreement_parties')
        .values(
          a.parties.map((p, position) => ({
            agreement_id: a.id,
            code: p.code,
            name: p.name,
            position,
          })),
        )
        .execute();
    const t = doc.text;
    await tx
      .insertInto('agreement_versions')
      .values({
        id: t.version_id,
        agreement_id: a.id,
        number: t.number,
        text: t.text,
        format: t.format,
        hints: JSON.stringify(t.hints),
        sha256: t.sha256,
        file_name: t.file_name,
        created_by: null,
        created_at: t.created_at,
      })
      .execute();
    await tx
      .updateTable('agreements')
      .set({ current_version_id: t.version_id })
      .where('id', '=', a.id)
      .execute();
    if (doc.sections.length > 0)
      await tx
        .insertInto('sections')
        .values(doc.sections.map((s, position) => ({ version_id: t.version_id, ...s, position })))
        .execute();
    const rows = doc.commitments.map((c) => ({
      ...c,
      agreement_id: a.id,
      version_id: t.version_id,
      actors: JSON.stringify(c.actors),
      instruments: JSON.stringify(c.instruments),
      targets: JSON.stringify(c.targets),
      search_text: searchText(c.text, a.language),
    }));
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('commitments')
        .values(rows.slice(i, i + 500))
        .execute();
    for (const e of doc.evidence) {
      const { commitments, ...row } = e;
      await tx
        .insertInto('evidence')
        .values({
          ...row,
          search_text: searchText(`${e.title}\n${e.excerpt}\n${e.publisher ?? ''}`, e.language),
          created_by: null,
        })
        .execute();
      if (commitments.length > 0)
        await tx
          .insertInto('evidence_commitments')
          .values(
            commitments.map((commitment_id) => ({
              evidence_id: e.id,
              commitment_id,
              linked_by: null,
            })),
          )
          .execute();
    }
    if (doc.cycles.length > 0)
      await tx
        .insertInto('cycles')
        .values(doc.cycles.map((c) => ({ ...c, agreement_id: a.id })))
        .execute();
    const people = new Map<string, string>();
    for (const p of doc.people) {
      const user = await tx
        .insertInto('users')
        .values({
          email: `imported-${randomBytes(6).toString('hex')}@accord.invalid`,
          name: p.name,
          role: 'analyst',
          password_hash: '!imported: no password',
          disabled: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      people.set(p.ref, user.id);
    }
    const person = (r: string) => {
      const userId = people.get(r);
      if (!userId)
        throw new DomainError('invalid_export', `assessment author ${r} is not in people`);
      return userId;
    };
    for (let i = 0; i < doc.assessments.length; i += 500)
      await tx
        .insertInto('assessments')
        .values(
          doc.assessments.slice(i, i + 500).map((s) => ({
            id: s.id,
            commitment_id: s.commitment,
            party: s.party,
            cycle_id: s.cycle,
            status: s.status,
            score: s.score,
            rationale: s.rationale,
            evidence_ids: s.evidence,
            state: s.state,
            author_id: person(s.author),
            reviewer_id: s.reviewer ? person(s.reviewer) : null,
            review_comment: s.review_comment,
            submitted_at: s.submitted_at,
            decided_at: s.decided_at,
            created_at: s.created_at,
            updated_at: s.updated_at,
          })),
        )
        .execute();
    for (const table of [
      'agreements',
      'agreement_versions',
      'commitments',
      'evidence',
      'cycles',
      'assessments',
    ] as const)
      await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM ${sql.table(table)}), false)`.execute(
        tx,
      );
    await appendEvent(tx, {
      actorId: actor.id,
      actor: actor.name,
      type: 'agreement.restored',
      agreementId: a.id,
      subject: `agreement:${a.id}`,
      payload: {
        slug: a.slug,
        sha256: t.sha256,
        exported_at: doc.exported_at,
        scope: doc.scope,
        commitments: doc.commitments.length,
        assessments: doc.assessments.length,
        evidence: doc.evidence.length,
        source_history: {
          events: doc.events.length,
          head: doc.events.at(-1)?.hash ?? null,
          log: doc.events,
        },
      },
    });
    return {
      agreementId: a.id,
      commitments: doc.commitments.length,
      assessments: doc.assessments.length,
      evidence: doc.evidence.length,
    };
  });
  await refreshStatistics(deps.db).catch(() => false);
  return result;
}

async function refuseClashes(tx: Transaction<Schema>, doc: AgreementExport): Promise<void> {
  const clash = async (
    table:
      'agreements' | 'agreement_versions' | 'commitments' | 'evidence' | 'cycles' | 'assessments',
    ids: string[],
  ) => {
    if (ids.length === 0) return false;
    for (let i = 0; i < ids.length; i += 5000) {
      const row = await tx
        .selectFrom(table)
        .select('id')
        .where('id', 'in', ids.slice(i, i + 5000))
        .executeTakeFirst();
      if (row) return true;
    }
    return false;
  };
  const slug = await tx
    .selectFrom('agreements')
    .select('id')
    .where('slug', '=', doc.agreement.slug)
    .executeTakeFirst();
  const taken = [
    slug || (await clash('agreements', [doc.agreement.id])) ? 'the agreement' : null,
    (await clash('agreement_versions', [doc.text.version_id])) ? 'its text version' : null,
    (await clash(
      'commitments',
      doc.commitments.map((c) => c.id),
    ))
      ? 'commitments'
      : null,
    (await clash(
      'evidence',
      doc.evidence.map((e) => e.id),
    ))
      ? 'evidence'
      : null,
    (await clash(
      'cycles',
      doc.cycles.map((c) => c.id),
    ))
      ? 'cycles'
      : null,
    (await clash(
      'assessments',
      doc.assessments.map((s) => s.id),
    ))
      ? 'assessments'
      : null,
  ].filter(Boolean);
  if (taken.length > 0)
    throw new DomainError(
      'conflict',
      `this instance already holds ids of ${taken.join(', ')}: import a JSON export into an empty instance (ACCORD_SEED=false)`,
    );
}
