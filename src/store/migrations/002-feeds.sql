-- Evidence monitoring: feed sources per agreement, the items they deliver (each stored once),
-- suggestions (an item may advance a commitment) and dismissals (never suggested again).
-- Table names sort in foreign-key order (backups restore tables a migration adds by name).

-- An item is stored once, whichever feeds deliver it: by its normalised address, else its guid.
CREATE TABLE feed_items (
  id bigserial PRIMARY KEY,
  guid_key text,
  url_key text,
  url text,
  title text NOT NULL DEFAULT '',
  summary text NOT NULL DEFAULT '',
  published date,
  language text NOT NULL DEFAULT 'en',
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  CHECK (guid_key IS NOT NULL OR url_key IS NOT NULL)
);
CREATE UNIQUE INDEX feed_items_guid ON feed_items (guid_key) WHERE guid_key IS NOT NULL;
CREATE UNIQUE INDEX feed_items_url ON feed_items (url_key) WHERE url_key IS NOT NULL;

CREATE TABLE feed_sources (
  id bigserial PRIMARY KEY,
  agreement_id bigint NOT NULL REFERENCES agreements (id),
  url text NOT NULL,
  title text,
  enabled boolean NOT NULL DEFAULT true,
  interval_minutes integer NOT NULL DEFAULT 60 CHECK (interval_minutes BETWEEN 5 AND 10080),
  etag text,
  last_modified text,
  next_poll_at timestamptz NOT NULL DEFAULT now(),
  last_polled_at timestamptz,
  last_success_at timestamptz,
  last_status integer,
  last_error text,
  failures integer NOT NULL DEFAULT 0,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  row_version integer NOT NULL DEFAULT 1,
  UNIQUE (agreement_id, url)
);
CREATE INDEX feed_sources_due ON feed_sources (next_poll_at) WHERE enabled;

-- Which source delivered which item; matched_at is set once the item was matched against the
-- source's agreement (an item stored but not yet matched is picked up again).
CREATE TABLE feed_sources_items (
  source_id bigint NOT NULL REFERENCES feed_sources (id) ON DELETE CASCADE,
  item_id bigint NOT NULL REFERENCES feed_items (id),
  seen_at timestamptz NOT NULL DEFAULT now(),
  matched_at timestamptz,
  PRIMARY KEY (source_id, item_id)
);
CREATE INDEX feed_sources_items_unmatched ON feed_sources_items (source_id) WHERE matched_at IS NULL;

-- A dismissal outlives the item's identity in a feed: keyed by the item's address (or guid).
CREATE TABLE suggestion_dismissals (
  commitment_id bigint NOT NULL REFERENCES commitments (id),
  item_key text NOT NULL,
  dismissed_by bigint REFERENCES users (id),
  dismissed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (commitment_id, item_key)
);

CREATE TABLE suggestions (
  id bigserial PRIMARY KEY,
  agreement_id bigint NOT NULL REFERENCES agreements (id),
  item_id bigint NOT NULL REFERENCES feed_items (id),
  commitment_id bigint NOT NULL REFERENCES commitments (id),
  score double precision NOT NULL,
  reason text NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'dismissed')),
  evidence_id bigint REFERENCES evidence (id),
  decided_by bigint REFERENCES users (id),
  decided_at timestamptz,
  row_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (item_id, commitment_id)
);
CREATE INDEX suggestions_inbox ON suggestions (agreement_id, state, score DESC, id);
