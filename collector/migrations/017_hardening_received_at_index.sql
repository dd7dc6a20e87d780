-- The storage budget counts the reports received since midnight UTC on every refresh.
CREATE INDEX IF NOT EXISTS reports_received_at_idx ON reports (received_at);
