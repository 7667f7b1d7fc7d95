// Test data for the export tests: the Hiroshima Accord with evidence, two cycles and assessments in
// every review state. Not imported by the application.
import { accordText } from '../../test/fixtures.ts';
import type { Database } from '../store/open-database.ts';
import { actorOf, createUser } from './accounts.ts';
import { systemActor, type Actor } from './actor.ts';
import { draftAssessment, openCycle, reviewAssessment } from './assessments.ts';
import { importAgreement } from './import-agreement.ts';
import { recordEvidence } from './record-evidence.ts';

export interface ExportTestData {
  agreementId: string;
  commitmentIds: string[];
  analyst: Actor;
  reviewer: Actor;
  cycles: { interim: string; final: string };
  evidence: string[];
  /** Assessment ids by state, all in the final cycle. */
  assessments: { approved: string; draft: string; submitted: string; earlier: string };
}

/** Seeds a database with the Accord, users, evidence, cycles and assessments. */
export async function seedExportData(database: Database): Promise<ExportTestData> {
  const { id: agreementId } = await importAgreement(database, systemActor, {
    source: { text: accordText(), format: 'text', hints: [] },
    signed: '2023-05-18',
    parties: ['GB', 'JP'],
    sourceUrl: 'https://www.gov.uk/government/publications/the-hiroshima-accord',
  });
  const users: Actor[] = [];
  for (const role of ['analyst', 'reviewer'] as const) {
    const { user } = await createUser(database, systemActor, {
      email: `${role}@example.org`,
      role,
      password: 'a long test password',
    });
    users.push(actorOf(user));
  }
  const [analyst, reviewer] = users as [Actor, Actor];
  const commitmentIds = (
    await database.db
      .selectFrom('commitments')
      .select('id')
      .where('agreement_id', '=', agreementId)
      .where('state', '=', 'active')
      .orderBy('position')
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  const admin = systemActor;
  const interim = await openCycle(database, admin, agreementId, {
    name: 'interim',
    cutoff: '2023-12-03',
  });
  const final = await openCycle(database, admin, agreementId, {
    name: 'final',
    cutoff: '2024-05-15',
  });
  const e1 = await recordEvidence(database, analyst, {
    title: 'UK-Japan Reciprocal Access Agreement enters into force',
    url: 'https://www.gov.uk/government/news/raa',
    published: '2023-10-11',
    publisher: 'GOV.UK',
    excerpt: 'The Reciprocal Access Agreement entered into force.',
    kind: 'press_release',
    commitmentIds: [commitmentIds[0]!],
  });
  const e2 = await recordEvidence(database, analyst, {
    title: '=HYPERLINK("http://evil.example","click")',
    published: '2023-11-01',
    excerpt: "+cmd|' /C calc'!A0",
    kind: 'news_report',
    commitmentIds: [commitmentIds[1]!],
  });
  const approve = async (id: string, version: number) => {
    const submitted = await reviewAssessment(database, analyst, id, version, 'submitted');
    return reviewAssessment(database, reviewer, id, submitted.row_version, 'approved');
  };
  const earlier = await draftAssessment(database, analyst, {
    commitmentId: commitmentIds[2]!,
    party: 'GB',
    cycleId: interim.id,
    status: 'in_progress',
    rationale: 'Work began in the autumn.',
  });
  await approve(earlier.id, earlier.row_version);
  const approved = await draftAssessment(database, analyst, {
    commitmentId: commitmentIds[0]!,
    party: 'GB',
    cycleId: final.id,
    status: 'achieved',
    rationale: '=1+1 the agreement is in force',
    evidenceIds: [e1.id],
  });
  await approve(approved.id, approved.row_version);
  const draft = await draftAssessment(database, analyst, {
    commitmentId: commitmentIds[0]!,
    party: 'JP',
    cycleId: final.id,
    status: 'in_progress',
    rationale: 'DRAFT: not yet reviewed',
  });
  const sub = await draftAssessment(database, analyst, {
    commitmentId: commitmentIds[1]!,
    party: 'JP',
    cycleId: final.id,
    status: 'off_track',
    rationale: 'SUBMITTED: awaiting review',
  });
  await reviewAssessment(database, analyst, sub.id, sub.row_version, 'submitted');
  return {
    agreementId,
    commitmentIds,
    analyst,
    reviewer,
    cycles: { interim: interim.id, final: final.id },
    evidence: [e1.id, e2.id],
    assessments: { approved: approved.id, draft: draft.id, submitted: sub.id, earlier: earlier.id },
  };
}

const generatedTopics = [
  'cyber security',
  'critical minerals',
  'clean energy',
  'semiconductors',
  'health research',
];

/** A generated joint statement of `sections` x `perSection` commitments (one per line). */
export function generatedAgreementText(sections: number, perSection: number): string {
  const lines = [
    'The Generated Partnership Accord',
    'A joint statement of the United Kingdom and Japan',
    'The United Kingdom and Japan share values & interests: <none> of them "secret".',
  ];
  for (let s = 1; s <= sections; s++) {
    lines.push(`${s}. Cooperation area ${s}`);
    for (let i = 1; i <= perSection; i++)
      lines.push(
        `We will launch joint programme ${s}-${i} on ${generatedTopics[(s + i) % generatedTopics.length]} by 2030.`,
      );
  }
  return lines.join('\n');
}
