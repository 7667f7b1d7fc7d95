import { csvLine } from '../core/format/csv.ts';
import { writeZip } from '../core/format/zip.ts';
import { exportAgreementJson } from './export-json.ts';
import type { Reader } from './export-register.ts';
import type { Deps } from './tx.ts';

type Field = {
  name: string;
  type: 'string' | 'integer' | 'date' | 'datetime';
  description?: string;
};
type Cell = string | number | null;

interface Table {
  name: string;
  title: string;
  fields: Field[];
  primaryKey?: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
  rows: Cell[][];
}

/**
 * The Frictionless data package of an agreement: `datapackage.json` (Data Package v1 with a
 * Table Schema per resource, keys and references) and one CSV per table: commitments, cycles,
 * assessments (approved only for anonymous readers), evidence and evidence links. Returns the
 * files; `zipDataPackage` bundles them.
 */
export async function exportDataPackage(
  deps: Deps,
  idOrSlug: string,
  reader: Reader,
  now = new Date(),
): Promise<{ slug: string; files: { name: string; data: Buffer }[] }> {
  const doc = await exportAgreementJson(deps, idOrSlug, reader, now);
  const a = doc.agreement;
  const list = (xs: { value: string }[]) => xs.map((x) => x.value).join('; ');
  const tables: Table[] = [
    {
      name: 'commitments',
      title: 'Commitments: the register, each traced to its words',
      primaryKey: ['id'],
      fields: [
        { name: 'id', type: 'integer' },
        {
          name: 'eid',
          type: 'string',
          description: 'Akoma Ntoso-style id of the sentence or clause',
        },
        { name: 'section', type: 'string' },
        { name: 'text', type: 'string', description: 'the exact words of the agreement' },
        { name: 'span_start', type: 'integer', description: 'UTF-16 offset into the text' },
        { name: 'span_end', type: 'integer' },
        { name: 'deadline', type: 'date' },
        { name: 'deadline_precision', type: 'string' },
        { name: 'deadline_phrase', type: 'string' },
        { name: 'actors', type: 'string', description: 'separated by "; "' },
        { name: 'instruments', type: 'string' },
        { name: 'targets', type: 'string' },
        { name: 'topics', type: 'string' },
        { name: 'strength', type: 'string' },
        { name: 'kind', type: 'string' },
        { name: 'state', type: 'string' },
      ],
      rows: doc.commitments.map((c) => [
        Number(c.id),
        c.eid,
        c.section,
        c.text,
        c.span_start,
        c.span_end,
        c.deadline_date,
        c.deadline_precision,
        c.deadline_phrase,
        list(c.actors),
        list(c.instruments),
        list(c.targets),
        c.topics.join('; '),
        c.strength,
        c.kind,
        c.state,
      ]),
    },
    {
      name: 'cycles',
      title: 'Reporting cycles',
      primaryKey: ['id'],
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'string' },
        { name: 'cutoff', type: 'date' },
      ],
      rows: doc.cycles.map((c) => [Number(c.id), c.name, c.cutoff]),
    },
    {
      name: 'assessments',
      title: reader.member ? 'Assessments (every review state)' : 'Approved assessments',
      primaryKey: ['id'],
      foreignKeys: [
        { fields: ['commitment_id'], reference: { resource: 'commitments', fields: ['id'] } },
        { fields: ['cycle_id'], reference: { resource: 'cycles', fields: ['id'] } },
      ],
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'commitment_id', type: 'integer' },
        { name: 'party', type: 'string', description: 'ISO 3166 code' },
        { name: 'cycle_id', type: 'integer' },
        { name: 'status', type: 'string' },
        { name: 'score', type: 'integer', description: '-1 none, 0 partial, +1 full compliance' },
        { name: 'rationale', type: 'string' },
        {
          name: 'evidence_ids',
          type: 'string',
          description: 'cited evidence, separated by spaces',
        },
        { name: 'state', type: 'string' },
        { name: 'decided_at', type: 'datetime' },
      ],
      rows: doc.assessments.map((s) => [
        Number(s.id),
        Number(s.commitment),
        s.party,
        Number(s.cycle),
        s.status,
        s.score,
        s.rationale,
        s.evidence.join(' '),
        s.state,
        s.decided_at,
      ]),
    },
    {
      name: 'evidence',
      title: 'Evidence: dated items cited by assessments or linked to commitments',
      primaryKey: ['id'],
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'title', type: 'string' },
        { name: 'url', type: 'string' },
        { name: 'published', type: 'date' },
        { name: 'publisher', type: 'string' },
        { name: 'kind', type: 'string' },
        { name: 'language', type: 'string' },
        { name: 'excerpt', type: 'string' },
      ],
      rows: doc.evidence.map((e) => [
        Number(e.id),
        e.title,
        e.url,
        e.published,
        e.publisher,
        e.kind,
        e.language,
        e.excerpt,
      ]),
    },
    {
      name: 'evidence_links',
      title: 'Which evidence is linked to which commitment',
      primaryKey: ['evidence_id', 'commitment_id'],
      foreignKeys: [
        { fields: ['evidence_id'], reference: { resource: 'evidence', fields: ['id'] } },
        { fields: ['commitment_id'], reference: { resource: 'commitments', fields: ['id'] } },
      ],
      fields: [
        { name: 'evidence_id', type: 'integer' },
        { name: 'commitment_id', type: 'integer' },
      ],
      rows: doc.evidence.flatMap((e) => e.commitments.map((c) => [Number(e.id), Number(c)])),
    },
  ];
  const descriptor = {
    profile: 'tabular-data-package',
    name: a.slug.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'),
    title: a.title,
    description: `The commitment register of ${a.title}${a.signed ? ` (signed ${a.signed})` : ''}, with ${reader.member ? 'assessments in every review state' : 'approved assessments'} and evidence, from Accord Tracker.`,
    created: now.toISOString(),
    ...(a.source_url ? { homepage: a.source_url } : {}),
    keywords: ['commitments', 'compliance', ...a.parties.map((p) => p.name)],
    resources: tables.map((t) => ({
      name: t.name,
      title: t.title,
      path: `data/${t.name}.csv`,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', lineTerminator: '\r\n', header: true },
      schema: {
        fields: t.fields,
        missingValues: [''],
        ...(t.primaryKey ? { primaryKey: t.primaryKey } : {}),
        ...(t.foreignKeys ? { foreignKeys: t.foreignKeys } : {}),
      },
    })),
  };
  const files = [
    { name: 'datapackage.json', data: Buffer.from(`${JSON.stringify(descriptor, null, 2)}\n`) },
    ...tables.map((t) => ({
      name: `data/${t.name}.csv`,
      data: Buffer.from(
        [t.fields.map((f) => f.name), ...t.rows].map((r) => `${csvLine(r)}\r\n`).join(''),
      ),
    })),
  ];
  return { slug: a.slug, files };
}

/**
 * Bundles data package files into one zip.
 *
 * @example zipDataPackage(files).subarray(0, 2).toString() // 'PK'
 */
export function zipDataPackage(files: { name: string; data: Buffer }[]): Buffer {
  return writeZip(files);
}
