import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Kysely's view of the tables in migrations/. */
export interface Schema {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  agreements: AgreementsTable;
  agreement_parties: AgreementPartiesTable;
  agreement_versions: AgreementVersionsTable;
  sections: SectionsTable;
  commitments: CommitmentsTable;
  evidence: EvidenceTable;
  evidence_commitments: EvidenceCommitmentsTable;
  cycles: CyclesTable;
  assessments: AssessmentsTable;
  events: EventsTable;
  schema_migrations: SchemaMigrationsTable;
  feed_items: FeedItemsTable;
  feed_sources: FeedSourcesTable;
  feed_sources_items: FeedSourcesItemsTable;
  suggestion_dismissals: SuggestionDismissalsTable;
  suggestions: SuggestionsTable;
}

type Id = ColumnType<string, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type DateOnly = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: 'viewer' | 'analyst' | 'reviewer' | 'admin';
  password_hash: string;
  must_change_password: Generated<boolean>;
  disabled: Generated<boolean>;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface AgreementsTable {
  id: Generated<string>;
  slug: string;
  title: string;
  signed: DateOnly | null;
  place: string | null;
  language: 'en' | 'ja';
  source_url: string | null;
  private: Generated<boolean>;
  current_version_id: string | null;
  row_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgreementPartiesTable {
  agreement_id: string;
  code: string;
  name: string;
  position: number;
}

export interface AgreementVersionsTable {
  id: Generated<string>;
  agreement_id: string;
  number: number;
  text: string;
  format: string;
  hints: Json<unknown>;
  sha256: string;
  file_name: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SectionsTable {
  id: Generated<string>;
  version_id: string;
  eid: string;
  number: string | null;
  heading: string | null;
  parent_eid: string | null;
  position: number;
}

export interface MentionRow {
  value: string;
  start: number;
  end: number;
}

export interface CommitmentsTable {
  id: Generated<string>;
  agreement_id: string;
  version_id: string;
  eid: string;
  section: string;
  sentence_eid: string | null;
  span_start: number;
  span_end: number;
  text: string;
  deadline_date: DateOnly | null;
  deadline_precision: 'day' | 'month' | 'year' | null;
  deadline_phrase: string | null;
  actors: Json<MentionRow[]>;
  instruments: Json<MentionRow[]>;
  targets: Json<MentionRow[]>;
  topics: string[];
  strength: 'firm' | 'continuing' | 'exploratory';
  kind: 'action' | 'create_mechanism' | 'reaffirm';
  origin: Generated<'extracted' | 'analyst'>;
  state: Generated<'active' | 'rejected' | 'merged' | 'split'>;
  position: number;
  search_text: string;
  search_vector: Id;
  row_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EvidenceTable {
  id: Generated<string>;
  title: string;
  url: string | null;
  published: DateOnly;
  publisher: string | null;
  excerpt: string;
  language: string;
  kind:
    | 'press_release'
    | 'treaty_text'
    | 'news_report'
    | 'parliamentary_record'
    | 'official_statement'
    | 'other';
  search_text: string;
  search_vector: Id;
  created_by: string | null;
  row_version: Generated<number>;
  created_at: Timestamp;
}

export interface EvidenceCommitmentsTable {
  evidence_id: string;
  commitment_id: string;
  linked_by: string | null;
  linked_at: Timestamp;
}

export interface CyclesTable {
  id: Generated<string>;
  agreement_id: string;
  name: string;
  cutoff: DateOnly;
  opened_at: Timestamp;
  row_version: Generated<number>;
}

export interface AssessmentsTable {
  id: Generated<string>;
  commitment_id: string;
  party: string;
  cycle_id: string;
  status: string;
  score: number | null;
  rationale: string;
  evidence_ids: string[];
  state: Generated<'draft' | 'submitted' | 'approved' | 'returned'>;
  author_id: string;
  reviewer_id: string | null;
  review_comment: string | null;
  submitted_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  row_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventsTable {
  id: ColumnType<string, string, never>;
  at: ColumnType<Date, Date, never>;
  actor_id: ColumnType<string | null, string | null, never>;
  actor: ColumnType<string, string, never>;
  type: ColumnType<string, string, never>;
  agreement_id: ColumnType<string | null, string | null, never>;
  subject: ColumnType<string, string, never>;
  payload: ColumnType<unknown, string, never>;
  prev_hash: ColumnType<string, string, never>;
  hash: ColumnType<string, string, never>;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Timestamp;
}

export type UserRow = Selectable<UsersTable>;
export type AgreementRow = Selectable<AgreementsTable>;
export type CommitmentRow = Selectable<CommitmentsTable>;
export type NewCommitment = Insertable<CommitmentsTable>;
export type EvidenceRow = Selectable<EvidenceTable>;
export type CycleRow = Selectable<CyclesTable>;
export type AssessmentRow = Selectable<AssessmentsTable>;
export type EventRow = Selectable<EventsTable>;

// Evidence monitoring (migrations/002-feeds.sql).

export interface FeedItemsTable {
  id: Generated<string>;
  guid_key: string | null;
  url_key: string | null;
  url: string | null;
  title: string;
  summary: string;
  published: DateOnly | null;
  language: string;
  first_seen_at: Timestamp;
}

export interface FeedSourcesTable {
  id: Generated<string>;
  agreement_id: string;
  url: string;
  title: string | null;
  enabled: Generated<boolean>;
  interval_minutes: Generated<number>;
  etag: string | null;
  last_modified: string | null;
  next_poll_at: Timestamp;
  last_polled_at: NullableTimestamp;
  last_success_at: NullableTimestamp;
  last_status: number | null;
  last_error: string | null;
  failures: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  row_version: Generated<number>;
}

export interface FeedSourcesItemsTable {
  source_id: string;
  item_id: string;
  seen_at: Timestamp;
  matched_at: NullableTimestamp;
}

export interface SuggestionDismissalsTable {
  commitment_id: string;
  item_key: string;
  dismissed_by: string | null;
  dismissed_at: Timestamp;
}

export interface SuggestionsTable {
  id: Generated<string>;
  agreement_id: string;
  item_id: string;
  commitment_id: string;
  score: number;
  reason: string;
  state: Generated<'open' | 'accepted' | 'dismissed'>;
  evidence_id: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  row_version: Generated<number>;
  created_at: Timestamp;
}

export type FeedSourceRow = Selectable<FeedSourcesTable>;
export type FeedItemRow = Selectable<FeedItemsTable>;
export type SuggestionRow = Selectable<SuggestionsTable>;
