-- The network each report was delivered from, as the collector named it (never the address), and
-- the network it counts on: its own signed `network` when it carries one, else the delivery's.
ALTER TABLE reports ADD COLUMN received_network jsonb;

ALTER TABLE reports ADD COLUMN network_source text GENERATED ALWAYS AS (
  CASE WHEN report ? 'network' THEN 'report' WHEN received_network IS NOT NULL THEN 'received' END
) STORED;
ALTER TABLE reports ADD COLUMN network_asn bigint GENERATED ALWAYS AS (
  ((CASE WHEN report ? 'network' THEN report->'network' ELSE received_network END)->>'asn')::bigint
) STORED;
ALTER TABLE reports ADD COLUMN network_name text GENERATED ALWAYS AS (
  (CASE WHEN report ? 'network' THEN report->'network' ELSE received_network END)->>'name'
) STORED;
ALTER TABLE reports ADD COLUMN network_cc text GENERATED ALWAYS AS (
  (CASE WHEN report ? 'network' THEN report->'network' ELSE received_network END)->>'cc'
) STORED;

CREATE INDEX reports_network_asn_idx ON reports (network_asn);
CREATE INDEX reports_network_cc_idx ON reports (network_cc);
-- The public status reads one host's recent reports, network by network.
CREATE INDEX reports_host_created_at_idx ON reports (host, created_at);
