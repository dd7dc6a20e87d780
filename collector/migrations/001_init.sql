CREATE TABLE reports (
  id              uuid PRIMARY KEY,
  received_at     timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL,
  host            text NOT NULL,
  kind            text NOT NULL,
  trigger         text NOT NULL,
  report          jsonb NOT NULL,
  signature       text NOT NULL,
  key_fingerprint text NOT NULL
);

CREATE INDEX reports_host_idx ON reports (host);
CREATE INDEX reports_kind_idx ON reports (kind);
CREATE INDEX reports_created_at_idx ON reports (created_at);
