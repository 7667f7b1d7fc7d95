import { createHash } from 'node:crypto';
import { DomainError } from '../core/domain-error.ts';
import { akomaNtoso } from '../core/export/akn.ts';
import type { BlockHint } from '../core/text/source-text.ts';
import { searchText } from '../core/text/search-text.ts';
import { parseAkomaNtoso } from '../readers/read-akoma-ntoso.ts';
import { slugExists } from '../store/agreement.repository.ts';
import { appendEvent } from '../store/event-log.ts';
import { refreshStatistics } from '../store/statistics.ts';
import type { Actor } from './actor.ts';
import { requireRole } from './authorize.ts';
import { commitmentAttributeColumns } from '../store/export-rows.ts';
import { visibleAgreement, type Reader } from './export-register.ts';
import { importAgreement, type ImportedAgreement } from './import-agreement.ts';
import type { Deps } from './tx.ts';

/**
 * Exports an agreement's current version as Akoma Ntoso 3.0 XML, with its register: active
 * commitments for everyone, and rejected, merged or split ones too (in the metadata) for members.
 */
export async function exportAgreementAkn(
  deps: Deps,
  idOrSlug: string,
  reader: Reader,
  today = new Date().toISOString().slice(0, 10),
): Promise<{ xml: string; slug: string }> {
  const a = await visibleAgreement(deps, idOrSlug, reader);
  if (!a.current_version_id)
    throw new DomainError('agreement_not_found', `agreement ${a.id} has no text`);
  const [version, sections, commitments] = await Promise.all([
    deps.db
      .selectFrom('agreement_versions')
      .selectAll()
      .where('id', '=', a.current_version_id)
      .executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('sections')
      .select(['eid', 'number', 'heading', 'parent_eid'])
      .where('version_id', '=', a.current_version_id)
      .orderBy('position')
      .execute(),
    (() => {
      let q = deps.db
        .selectFrom('commitments')
        .select(commitmentAttributeColumns)
        .where('agreement_id', '=', a.id)
        .where('version_id', '=', a.current_version_id)
        .orderBy('position')
        .orderBy('id');
      if (!reader.member) q = q.where('state', '=', 'active');
      return q.execute();
    })(),
  ]);
  const xml = akomaNtoso({
    agreement: {
      slug: a.slug,
      title: a.title,
      signed: a.signed,
      place: a.place,
      language: a.language,
      source_url: a.source_url,
      parties: a.parties,
      created: a.created_at.toISOString().slice(0, 10),
    },
    text: version.text,
    format: version.format,
    hints: version.hints as BlockHint[],
    sha256: version.sha256,
    versionNumber: version.number,
    sections,
    commitments,
    today,
  });
  return { xml, slug: a.slug };
}

/**
 * Imports an Akoma Ntoso document as a new agreement. An Accord Tracker export whose text is
 * unchanged brings its register back as it was (every commitment with its span, attributes and
 * state); any other document is read as text and its register extracted. One transaction, one
 * `agreement.imported` event.
 */
export async function importAgreementAkn(
  deps: Deps,
  actor: Actor,
  bytes: Uint8Array,
  options: { fileName?: string | undefined; private?: boolean | undefined } = {},
): Promise<ImportedAgreement> {
  requireRole(actor, 'analyst');
  const doc = parseAkomaNtoso(bytes);
  const data = doc.register;
  if (!data)
    return importAgreement(deps, actor, {
      source: doc.source,
      fileName: options.fileName,
      title: doc.title ?? undefined,
      parties: doc.parties.length > 0 ? doc.parties : undefined,
      signed: doc.signed ?? undefined,
      language: doc.language ?? undefined,
      private: options.private,
    });
  const a = data.agreement;
  const sha256 = createHash('sha256').update(doc.source.text).digest('hex');
  const imported = await deps.db.transaction().execute(async (tx) => {
    let slug = a.slug;
    for (let n = 2; await slugExists(tx, slug); n++) slug = `${a.slug}-${n}`;
    const agreement = await tx
      .insertInto('agreements')
      .values({
        slug,
        title: a.title,
        signed: a.signed,
        place: a.place,
        language: a.language,
        source_url: a.source_url,
        private: options.private ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await tx
      .insertInto('agreement_versions')
      .values({
        agreement_id: agreement.id,
        number: 1,
        text: doc.source.text,
        format: data.format,
        hints: JSON.stringify(data.hints),
        sha256,
        file_name: options.fileName ?? null,
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('agreements')
      .set({ current_version_id: version.id })
      .where('id', '=', agreement.id)
      .execute();
    if (a.parties.length > 0)
      await tx
        .insertInto('agreement_parties')
        .values(
          a.parties.map((p, position) => ({
            agreement_id: agreement.id,
            code: p.code,
            name: p.name,
            position,
          })),
        )
        .execute();
    if (data.sections.length > 0)
      await tx
        .insertInto('sections')
        .values(data.sections.map((s, position) => ({ version_id: version.id, ...s, position })))
        .execute();
    const rows = data.commitments.map((c, position) => ({
      ...c,
      deadline_precision: c.deadline_precision as 'day' | 'month' | 'year' | null,
      strength: c.strength as 'firm' | 'continuing' | 'exploratory',
      kind: c.kind as 'action' | 'create_mechanism' | 'reaffirm',
      origin: c.origin as 'extracted' | 'analyst',
      state: c.state as 'active' | 'rejected' | 'merged' | 'split',
      actors: JSON.stringify(c.actors),
      instruments: JSON.stringify(c.instruments),
      targets: JSON.stringify(c.targets),
      agreement_id: agreement.id,
      version_id: version.id,
      position,
      search_text: searchText(c.text, a.language),
    }));
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('commitments')
        .values(rows.slice(i, i + 500))
        .execute();
    await appendEvent(tx, {
      actorId: actor.id,
      actor: actor.name,
      type: 'agreement.imported',
      agreementId: agreement.id,
      subject: `agreement:${agreement.id}`,
      payload: {
        title: a.title,
        slug,
        version: 1,
        sha256,
        format: 'akn',
        commitments: rows.length,
        parties: a.parties.map((p) => p.code),
        signed: a.signed,
      },
    });
    return { id: agreement.id, slug, versionId: version.id, commitments: rows.length };
  });
  await refreshStatistics(deps.db).catch(() => false);
  return imported;
}
