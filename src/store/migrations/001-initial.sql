-- Accord Tracker schema, version 1. Written for PostgreSQL 15 and PGlite (PostgreSQL 18) alike.

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'reviewer', 'admin')),
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE agreements (
  id bigserial PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  title text NOT NULL,
  signed date,
  place text,
  language text NOT NULL CHECK (language IN ('en', 'ja')),
  source_url text,
  private boolean NOT NULL DEFAULT false,
  current_version_id bigint,
  row_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agreement_parties (
  agreement_id bigint NOT NULL REFERENCES agreements (id),
  code text NOT NULL,
  name text NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (agreement_id, code)
);

-- The exact text of an agreement as imported: never updated (see the trigger below).
CREATE TABLE agreement_versions (
  id bigserial PRIMARY KEY,
  agreement_id bigint NOT NULL REFERENCES agreements (id),
  number integer NOT NULL,
  text text NOT NULL,
  format text NOT NULL,
  hints jsonb NOT NULL DEFAULT '[]',
  sha256 text NOT NULL,
  file_name text,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agreement_id, number)
);
ALTER TABLE agreements ADD CONSTRAINT agreements_current_version FOREIGN KEY (current_version_id) REFERENCES agreement_versions (id);

CREATE TABLE sections (
  id bigserial PRIMARY KEY,
  version_id bigint NOT NULL REFERENCES agreement_versions (id),
  eid text NOT NULL,
  number text,
  heading text,
  parent_eid text,
  position integer NOT NULL,
  UNIQUE (version_id, eid)
);

CREATE TABLE commitments (
  id bigserial PRIMARY KEY,
  agreement_id bigint NOT NULL REFERENCES agreements (id),
  version_id bigint NOT NULL REFERENCES agreement_versions (id),
  eid text NOT NULL,
  section text NOT NULL,
  sentence_eid text,
  span_start integer NOT NULL CHECK (span_start >= 0),
  span_end integer NOT NULL CHECK (span_end > span_start),
  text text NOT NULL,
  deadline_date date,
  deadline_precision text CHECK (deadline_precision IN ('day', 'month', 'year')),
  deadline_phrase text,
  actors jsonb NOT NULL DEFAULT '[]',
  instruments jsonb NOT NULL DEFAULT '[]',
  targets jsonb NOT NULL DEFAULT '[]',
  topics text[] NOT NULL DEFAULT '{}',
  strength text NOT NULL CHECK (strength IN ('firm', 'continuing', 'exploratory')),
  kind text NOT NULL CHECK (kind IN ('action', 'create_mechanism', 'reaffirm')),
  origin text NOT NULL DEFAULT 'extracted' CHECK (origin IN ('extracted', 'analyst')),
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'rejected', 'merged', 'split')),
  position integer NOT NULL,
  search_text text NOT NULL DEFAULT '',
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED,
  row_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (version_id, eid)
);
CREATE INDEX commitments_agreement ON commitments (agreement_id, position, id);
CREATE INDEX commitments_search ON commitments USING gin (search_vector);
CREATE INDEX commitments_topics ON commitments USING gin (topics);
CREATE INDEX commitments_deadline ON commitments (deadline_date);

CREATE TABLE evidence (
  id bigserial PRIMARY KEY,
  title text NOT NULL,
  url text,
  published date NOT NULL,
  publisher text,
  excerpt text NOT NULL DEFAULT '',
  language text NOT NULL DEFAULT 'en',
  kind text NOT NULL DEFAULT 'other' CHECK (kind IN ('press_release', 'treaty_text', 'news_report', 'parliamentary_record', 'official_statement', 'other')),
  search_text text NOT NULL DEFAULT '',
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED,
  created_by bigint REFERENCES users (id),
  row_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_search ON evidence USING gin (search_vector);

CREATE TABLE evidence_commitments (
  evidence_id bigint NOT NULL REFERENCES evidence (id),
  commitment_id bigint NOT NULL REFERENCES commitments (id),
  linked_by bigint REFERENCES users (id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evidence_id, commitment_id)
);
CREATE INDEX evidence_commitments_commitment ON evidence_commitments (commitment_id);

CREATE TABLE cycles (
  id bigserial PRIMARY KEY,
  agreement_id bigint NOT NULL REFERENCES agreements (id),
  name text NOT NULL,
  cutoff date NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  row_version integer NOT NULL DEFAULT 1,
  UNIQUE (agreement_id, name)
);

CREATE TABLE assessments (
  id bigserial PRIMARY KEY,
  commitment_id bigint NOT NULL REFERENCES commitments (id),
  party text NOT NULL,
  cycle_id bigint NOT NULL REFERENCES cycles (id),
  status text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'partially_achieved', 'achieved', 'off_track', 'superseded', 'not_applicable')),
  score smallint CHECK (score IN (-1, 0, 1)),
  rationale text NOT NULL DEFAULT '',
  evidence_ids bigint[] NOT NULL DEFAULT '{}',
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
  author_id bigint NOT NULL REFERENCES users (id),
  reviewer_id bigint REFERENCES users (id),
  review_comment text,
  submitted_at timestamptz,
  decided_at timestamptz,
  row_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (commitment_id, party, cycle_id),
  CHECK (reviewer_id IS NULL OR reviewer_id <> author_id)
);
CREATE INDEX assessments_cycle ON assessments (cycle_id, state);

-- The append-only history: each event carries the hash of the previous one.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id bigint,
  actor text NOT NULL,
  type text NOT NULL,
  agreement_id bigint,
  subject text NOT NULL,
  payload jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX events_agreement ON events (agreement_id, id);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER versions_immutable BEFORE UPDATE OR DELETE ON agreement_versions FOR EACH ROW EXECUTE FUNCTION refuse_change();
