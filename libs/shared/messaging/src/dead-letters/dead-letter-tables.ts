// The tables of a service's dead-letter archive, created by each owning service's migration in
// its own schema: one row per dead letter (its status and the latest action) and an append-only
// log of every replay and discard (who, when, why, and the value sent when it was edited).
//
// Listing is by status and reason, paged by archive_seq; the indexes serve exactly that, so
// counting and paging open letters reads only open letters, never the whole archive.
//
// Frozen: both services' migrations 1766400000000 run these statements, and a migration must do
// the same on every database it ever meets. A change to the tables is a new function called by
// new migrations, never an edit here.

export const DEAD_LETTER_STATUSES = ['open', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

export function createDeadLetterTables(schema: string): string[] {
  const table = `"${schema}".dead_letter`;
  return [
    `CREATE TABLE ${table} (
       archive_seq bigserial PRIMARY KEY,
       event_id text NOT NULL UNIQUE,
       dead_letter_topic text NOT NULL,
       original_topic text NOT NULL,
       original_partition integer NOT NULL,
       original_offset bigint NOT NULL,
       original_key text,
       original_value text NOT NULL,
       original_value_encoding text NOT NULL CHECK (original_value_encoding IN ('utf8', 'base64')),
       original_headers jsonb NOT NULL,
       reason_code text NOT NULL,
       reason text NOT NULL,
       errors jsonb NOT NULL,
       failed_at timestamptz NOT NULL,
       attempts integer NOT NULL,
       service text NOT NULL,
       archived_at timestamptz NOT NULL DEFAULT now(),
       status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
       replay_count integer NOT NULL DEFAULT 0,
       last_action_at timestamptz,
       last_action_by text
     )`,
    `CREATE INDEX dead_letter_by_status_reason ON ${table} (status, reason_code, archive_seq)`,
    `CREATE INDEX dead_letter_by_status ON ${table} (status, archive_seq)`,
    `CREATE TABLE "${schema}".dead_letter_action (
       action_seq bigserial PRIMARY KEY,
       event_id text NOT NULL REFERENCES ${table} (event_id),
       action text NOT NULL CHECK (action IN ('replayed', 'discarded')),
       acted_at timestamptz NOT NULL DEFAULT now(),
       acted_by text NOT NULL CHECK (acted_by <> ''),
       note text,
       replayed_value text,
       CHECK (action <> 'discarded' OR coalesce(note, '') <> '')
     )`,
    `CREATE INDEX dead_letter_action_by_event ON "${schema}".dead_letter_action (event_id, action_seq)`,
  ];
}

export function dropDeadLetterTables(schema: string): string[] {
  return [`DROP TABLE "${schema}".dead_letter_action`, `DROP TABLE "${schema}".dead_letter`];
}
