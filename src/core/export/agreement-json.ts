import { z } from 'zod';
import { commitmentKinds, deadlinePrecisions, strengths } from '../commitment/commitment.ts';
import { assessmentStates, statuses } from '../tracking/status.ts';

const id = z.string().regex(/^\d{1,18}$/);
const date = z.iso.date();
const timestamp = z.iso.datetime({ offset: true });
const mention = z.strictObject({
  value: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});

/** The JSON export of one agreement: what `accord export --format json` writes and imports. */
export const agreementExportSchema = z
  .strictObject({
    format: z.literal('accord-agreement-export'),
    format_version: z.literal(1),
    exported_at: timestamp.describe('when the file was written (not part of the data)'),
    scope: z
      .enum(['public', 'members'])
      .describe('public: approved assessments only and no history; members: everything'),
    agreement: z.strictObject({
      id,
      slug: z.string().min(1).max(200),
      title: z.string().min(1).max(500),
      signed: date.nullable(),
      place: z.string().nullable(),
      language: z.enum(['en', 'ja']),
      source_url: z.string().nullable(),
      private: z.boolean(),
      created_at: timestamp,
      parties: z.array(z.strictObject({ code: z.string().regex(/^[A-Z]{2}$/), name: z.string() })),
    }),
    text: z
      .strictObject({
        version_id: id,
        number: z.number().int().min(1),
        format: z.enum(['text', 'markdown', 'html', 'pdf', 'akn']),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        file_name: z.string().nullable(),
        created_at: timestamp,
        text: z.string(),
        hints: z.array(
          z.strictObject({
            kind: z.enum(['title', 'heading', 'item', 'paragraph']),
            start: z.number().int(),
            end: z.number().int(),
            level: z.number().int().optional(),
          }),
        ),
      })
      .describe('the exact text of the current version: every span is an offset into it'),
    sections: z.array(
      z.strictObject({
        eid: z.string(),
        number: z.string().nullable(),
        heading: z.string().nullable(),
        parent_eid: z.string().nullable(),
      }),
    ),
    commitments: z.array(
      z.strictObject({
        id,
        eid: z.string(),
        section: z.string(),
        sentence_eid: z.string().nullable(),
        span_start: z.number().int().min(0),
        span_end: z.number().int().min(1),
        text: z.string(),
        deadline_date: date.nullable(),
        deadline_precision: z.enum(deadlinePrecisions).nullable(),
        deadline_phrase: z.string().nullable(),
        actors: z.array(mention),
        instruments: z.array(mention),
        targets: z.array(mention),
        topics: z.array(z.string()),
        strength: z.enum(strengths),
        kind: z.enum(commitmentKinds),
        origin: z.enum(['extracted', 'analyst']),
        state: z.enum(['active', 'rejected', 'merged', 'split']),
        position: z.number().int(),
      }),
    ),
    evidence: z.array(
      z.strictObject({
        id,
        title: z.string(),
        url: z.string().nullable(),
        published: date,
        publisher: z.string().nullable(),
        excerpt: z.string(),
        language: z.string(),
        kind: z.enum([
          'press_release',
          'treaty_text',
          'news_report',
          'parliamentary_record',
          'official_statement',
          'other',
        ]),
        created_at: timestamp,
        commitments: z.array(id).describe('the commitments it is linked to'),
      }),
    ),
    cycles: z.array(z.strictObject({ id, name: z.string(), cutoff: date, opened_at: timestamp })),
    people: z
      .array(z.strictObject({ ref: z.string(), name: z.string() }))
      .describe('authors and reviewers of assessments, by display name only'),
    assessments: z.array(
      z.strictObject({
        id,
        commitment: id,
        party: z.string(),
        cycle: id,
        status: z.enum(statuses),
        score: z.union([z.literal(-1), z.literal(0), z.literal(1)]).nullable(),
        rationale: z.string(),
        evidence: z.array(id),
        state: z.enum(assessmentStates),
        author: z.string().describe('a ref of people'),
        reviewer: z.string().nullable(),
        review_comment: z.string().nullable(),
        submitted_at: timestamp.nullable(),
        decided_at: timestamp.nullable(),
        created_at: timestamp,
        updated_at: timestamp,
      }),
    ),
    events: z
      .array(
        z.strictObject({
          id,
          at: timestamp,
          actor: z.string(),
          type: z.string(),
          subject: z.string(),
          payload: z.record(z.string(), z.unknown()),
          prev_hash: z.string(),
          hash: z.string(),
        }),
      )
      .describe(
        "the agreement's history as recorded in the source instance (hash-chained there); an import keeps it in its restore event",
      ),
  })
  .describe(
    'Accord Tracker: one agreement with its text, structure, register, evidence, assessments and history',
  );

export type AgreementExport = z.infer<typeof agreementExportSchema>;

/**
 * The JSON Schema of the export (docs/agreement-export.schema.json is this, written out).
 *
 * @example agreementExportJsonSchema().title // 'Accord Tracker agreement export'
 */
export function agreementExportJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://accord-tracker.invalid/schemas/agreement-export.schema.json',
    title: 'Accord Tracker agreement export',
    ...z.toJSONSchema(agreementExportSchema, { target: 'draft-2020-12', io: 'input' }),
  };
}
