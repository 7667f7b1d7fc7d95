import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { partyName } from '../core/agreement/parties.ts';
import { DomainError } from '../core/domain-error.ts';
import { extractRegister, type Language } from '../core/extract-register.ts';
import { searchText } from '../core/text/search-text.ts';
import type { SourceText } from '../core/text/source-text.ts';
import { slugExists } from '../store/agreement.repository.ts';
import { appendEvent } from '../store/event-log.ts';
import { refreshStatistics } from '../store/statistics.ts';
import type { Schema } from '../store/schema.ts';
import type { Actor } from './actor.ts';
import { commitmentRow } from './commitment-rows.ts';

export interface ImportAgreementInput {
  source: SourceText;
  fileName?: string | undefined;
  title?: string | undefined;
  /** ISO codes ("GB", "JP"); detected from the text when absent. */
  parties?: string[] | undefined;
  signed?: string | undefined;
  place?: string | undefined;
  language?: Language | undefined;
  sourceUrl?: string | undefined;
  private?: boolean | undefined;
}

export interface ImportedAgreement {
  id: string;
  slug: string;
  versionId: string;
  commitments: number;
}

/**
 * Imports an agreement: keeps its text as version 1, stores its structure and the extracted
 * register, and records the import in the event log, all in one transaction.
 */
export async function importAgreement(
  deps: { db: Kysely<Schema> },
  actor: Actor,
  input: ImportAgreementInput,
): Promise<ImportedAgreement> {
  if (input.source.text.trim() === '')
    throw new DomainError('empty_agreement', 'the agreement has no text');
  const register = extractRegister(input.source, {
    ...(input.signed ? { signed: input.signed } : {}),
    ...(input.language ? { language: input.language } : {}),
    ...(input.parties?.length ? { parties: input.parties } : {}),
    ...(input.title ? { title: input.title } : {}),
  });
  if (input.signed && register.accord.signed === null)
    throw new DomainError('invalid_date', `invalid signing date "${input.signed}": use YYYY-MM-DD`);
  const title = (
    register.accord.title ??
    input.fileName?.replace(/\.[a-z0-9]{1,5}$/i, '') ??
    'Untitled agreement'
  ).slice(0, 500);
  const sha256 = createHash('sha256').update(input.source.text).digest('hex');
  const imported = await deps.db.transaction().execute(async (tx) => {
    const slug = await uniqueSlug(tx, title, register.accord.signed);
    const agreement = await tx
      .insertInto('agreements')
      .values({
        slug,
        title,
        signed: register.accord.signed,
        place: input.place ?? null,
        language: register.accord.language,
        source_url: input.sourceUrl ?? null,
        private: input.private ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await tx
      .insertInto('agreement_versions')
      .values({
        agreement_id: agreement.id,
        number: 1,
        text: input.source.text,
        format: input.source.format,
        hints: JSON.stringify(input.source.hints),
        sha256,
        file_name: input.fileName ?? null,
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('agreements')
      .set({ current_version_id: version.id })
      .where('id', '=', agreement.id)
      .execute();
    if (register.accord.parties.length > 0) {
      await tx
        .insertInto('agreement_parties')
        .values(
          register.accord.parties.map((code, position) => ({
            agreement_id: agreement.id,
            code,
            name: partyName(code),
            position,
          })),
        )
        .execute();
    }
    if (register.sections.length > 0) {
      await tx
        .insertInto('sections')
        .values(
          register.sections.map((s, position) => ({
            version_id: version.id,
            eid: s.id,
            number: s.number,
            heading: s.heading,
            parent_eid: s.parent,
            position,
          })),
        )
        .execute();
    }
    const rows = register.commitments.map((c, position) => ({
      ...commitmentRow(c, register.accord.language),
      agreement_id: agreement.id,
      version_id: version.id,
      position,
      search_text: searchText(c.text, register.accord.language),
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
        title,
        slug,
        version: 1,
        sha256,
        format: input.source.format,
        commitments: rows.length,
        parties: register.accord.parties,
        signed: register.accord.signed,
      },
    });
    return { id: agreement.id, slug, versionId: version.id, commitments: rows.length };
  });
  // Statistics for the planner; a failure here must not fail an import that is committed.
  await refreshStatistics(deps.db).catch(() => false);
  return imported;
}

async function uniqueSlug(
  db: Kysely<Schema>,
  title: string,
  signed: string | null,
): Promise<string> {
  const base =
    (title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .replace(/^(.{61,})$/, (long: string) => long.slice(0, 61).replace(/-[^-]*$/, '')) ||
      'agreement') + (signed ? `-${signed.slice(0, 4)}` : '');
  let slug = base;
  for (let n = 2; await slugExists(db, slug); n++) slug = `${base}-${n}`;
  return slug;
}

export { searchText, partyName };
