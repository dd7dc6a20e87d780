/**
 * The SQL behind the network views: counts by network and by country, the sites × networks grid,
 * and the public per-site aggregates. Reports count on the network in `network_*` (migration
 * 002_network.sql): their own signed network, else the one they were delivered from.
 */
import type { Sql } from '../db';
import type { ReportFilter } from '../report-filter';
import type { Network } from './lookup';

export interface Where {
  clauses: string[];
  params: unknown[];
}

export interface NetworkCount extends Network {
  count: number;
  reporters: number;
}

export interface NetworkStats {
  byNetwork: NetworkCount[];
  byCountry: { cc: string | null; count: number; reporters: number }[];
}

export interface NetworkGrid {
  hosts: { host: string; count: number }[];
  networks: NetworkCount[];
  /** One cell per host and network that has reports, with its count by kind. */
  cells: { host: string; asn: number | null; cc: string | null; count: number; byKind: Record<string, number> }[];
}

export interface PublicNetwork extends Network {
  reporters: number;
  kinds: Record<string, number>;
  firstSeen: string;
  lastSeen: string;
}

/** Reports that say the site itself or the whole network was down: shown apart from blocking. */
export const NOT_BLOCKING = ['down_everywhere', 'outage', 'ok'] as const;

export interface PublicSummary {
  /** Shown networks with reports of blocking, their countries, and the distinct reporters of those reports. */
  blocked: { networks: number; countries: string[]; reporters: number };
  downEverywhere: { networks: number; reporters: number };
  outage: { networks: number; reporters: number };
}

export interface PublicSite {
  networks: PublicNetwork[];
  summary: PublicSummary;
}

export interface PublicSiteEntry {
  host: string;
  networks: number;
  reports: number;
  lastSeen: string;
}

export interface NetworkQueries {
  stats(filter?: ReportFilter, options?: { top?: number }): Promise<NetworkStats>;
  grid(filter?: ReportFilter, options?: { hosts?: number; networks?: number }): Promise<NetworkGrid>;
  /** One host's networks with at least `minReporters` distinct reporter keys, reports created in [since, until). */
  publicSite(host: string, options: { since: Date; until: Date; minReporters: number }): Promise<PublicSite>;
  /** Hosts with at least one such network, most reported first. */
  publicSites(options: { since: Date; until: Date; minReporters: number; limit: number }): Promise<PublicSiteEntry[]>;
}

const sqlWhere = (clauses: string[]) => (clauses.length ? `WHERE ${clauses.join(' AND ')}` : '');
const bounded = (n: number | undefined, fallback: number) => Math.min(Math.max(1, Math.floor(n ?? fallback)), 1000);
const networkKey = (asn: number | null, cc: string | null) => `${asn ?? ''}|${cc ?? ''}`;
const hour = (d: Date) => d.toISOString().replace(/:\d\d:\d\d\.\d+Z$/, ':00:00Z');

interface NetworkRow {
  asn: string | number | null;
  name: string | null;
  cc: string | null;
  count: number;
  reporters: number;
}

/** bigint comes back from PostgreSQL as text; AS numbers fit a JavaScript number exactly. */
const asNumber = (v: string | number | null) => (v === null ? null : Number(v));
const toCount = (r: NetworkRow): NetworkCount => ({ asn: asNumber(r.asn), name: r.name, cc: r.cc, count: r.count, reporters: r.reporters });

export function networkQueries(db: Sql, whereOf: (filter: ReportFilter) => Where): NetworkQueries {
  async function byNetwork(filter: ReportFilter, top: number): Promise<NetworkCount[]> {
    const { clauses, params } = whereOf(filter);
    const { rows } = await db.query<NetworkRow>(
      `SELECT network_asn AS asn, max(network_name) AS name, network_cc AS cc, count(*)::int AS count,
              count(DISTINCT key_fingerprint)::int AS reporters
       FROM reports ${sqlWhere(clauses)} GROUP BY network_asn, network_cc
       ORDER BY count DESC, network_asn NULLS LAST, network_cc NULLS LAST LIMIT $${params.length + 1}`,
      [...params, top],
    );
    return rows.map(toCount);
  }

  return {
    async stats(filter = {}, { top } = {}) {
      const { clauses, params } = whereOf(filter);
      const [networks, countries] = await Promise.all([
        byNetwork(filter, bounded(top, 50)),
        db.query<{ cc: string | null; count: number; reporters: number }>(
          `SELECT network_cc AS cc, count(*)::int AS count, count(DISTINCT key_fingerprint)::int AS reporters
           FROM reports ${sqlWhere(clauses)} GROUP BY network_cc ORDER BY count DESC, network_cc NULLS LAST`,
          params,
        ),
      ]);
      return { byNetwork: networks, byCountry: countries.rows.map(({ cc, count, reporters }) => ({ cc, count, reporters })) };
    },

    async grid(filter = {}, options = {}) {
      const { clauses, params } = whereOf(filter);
      const [hosts, networks] = await Promise.all([
        db.query<{ host: string; count: number }>(
          `SELECT host, count(*)::int AS count FROM reports ${sqlWhere(clauses)} GROUP BY host ORDER BY count DESC, host LIMIT $${params.length + 1}`,
          [...params, bounded(options.hosts, 20)],
        ),
        byNetwork(filter, bounded(options.networks, 20)),
      ]);
      const shown = new Set(networks.map((n) => networkKey(n.asn, n.cc)));
      const hostNames = hosts.rows.map((h) => h.host);
      const { rows } = await db.query<{ host: string; asn: string | number | null; cc: string | null; kind: string; count: number }>(
        `SELECT host, network_asn AS asn, network_cc AS cc, kind, count(*)::int AS count
         FROM reports ${sqlWhere([...clauses, `host = ANY($${params.length + 1}::text[])`])}
         GROUP BY 1, 2, 3, 4`,
        [...params, hostNames],
      );
      const cells = new Map<string, NetworkGrid['cells'][number]>();
      for (const r of rows) {
        const asn = asNumber(r.asn);
        if (!shown.has(networkKey(asn, r.cc))) continue;
        const key = `${r.host}|${networkKey(asn, r.cc)}`;
        let cell = cells.get(key);
        if (!cell) cells.set(key, (cell = { host: r.host, asn, cc: r.cc, count: 0, byKind: {} }));
        cell.count += r.count;
        cell.byKind[r.kind] = r.count;
      }
      return { hosts: hosts.rows, networks, cells: [...cells.values()] };
    },

    async publicSite(host, { since, until, minReporters }) {
      const recent = `recent AS (SELECT network_asn, network_cc, network_name, kind, key_fingerprint, created_at
                       FROM reports WHERE host = $1 AND created_at >= $2 AND created_at < $3)`;
      const shown = `shown AS (SELECT network_asn, network_cc FROM recent GROUP BY 1, 2 HAVING count(DISTINCT key_fingerprint) >= $4)`;
      const join = `recent r JOIN shown s ON r.network_asn IS NOT DISTINCT FROM s.network_asn AND r.network_cc IS NOT DISTINCT FROM s.network_cc`;
      const params = [host, since.toISOString(), until.toISOString(), minReporters];
      const [networks, kinds, classes] = await Promise.all([
        db.query<NetworkRow & { first_seen: Date; last_seen: Date }>(
          `WITH ${recent}, ${shown}
           SELECT r.network_asn AS asn, max(r.network_name) AS name, r.network_cc AS cc, count(*)::int AS count,
                  count(DISTINCT r.key_fingerprint)::int AS reporters,
                  date_trunc('hour', min(r.created_at), 'UTC') AS first_seen, date_trunc('hour', max(r.created_at), 'UTC') AS last_seen
           FROM ${join} GROUP BY r.network_asn, r.network_cc ORDER BY reporters DESC, count DESC, r.network_asn NULLS LAST`,
          params,
        ),
        db.query<{ asn: string | number | null; cc: string | null; kind: string; count: number }>(
          `WITH ${recent}, ${shown}
           SELECT r.network_asn AS asn, r.network_cc AS cc, r.kind, count(*)::int AS count FROM ${join} GROUP BY 1, 2, 3`,
          params,
        ),
        db.query<{ class: string; networks: number; reporters: number; countries: string[] }>(
          `WITH ${recent}, ${shown}
           SELECT CASE WHEN r.kind IN ('down_everywhere', 'outage', 'ok') THEN r.kind ELSE 'blocked' END AS class,
                  count(DISTINCT (r.network_asn, r.network_cc))::int AS networks, count(DISTINCT r.key_fingerprint)::int AS reporters,
                  array_remove(array_agg(DISTINCT r.network_cc), NULL) AS countries
           FROM ${join} GROUP BY 1`,
          params,
        ),
      ]);
      const kindsOf = new Map<string, Record<string, number>>();
      for (const k of kinds.rows) {
        const key = networkKey(asNumber(k.asn), k.cc);
        const entry = kindsOf.get(key) ?? {};
        entry[k.kind] = k.count;
        kindsOf.set(key, entry);
      }
      const cls = (name: string) => classes.rows.find((c) => c.class === name);
      const blocked = cls('blocked');
      return {
        networks: networks.rows.map((r) => {
          const asn = asNumber(r.asn);
          return {
            asn,
            name: r.name,
            cc: r.cc,
            reporters: r.reporters,
            kinds: kindsOf.get(networkKey(asn, r.cc)) ?? {},
            firstSeen: hour(r.first_seen),
            lastSeen: hour(r.last_seen),
          };
        }),
        summary: {
          blocked: {
            networks: blocked?.networks ?? 0,
            countries: [...(blocked?.countries ?? [])].sort(),
            reporters: blocked?.reporters ?? 0,
          },
          downEverywhere: { networks: cls('down_everywhere')?.networks ?? 0, reporters: cls('down_everywhere')?.reporters ?? 0 },
          outage: { networks: cls('outage')?.networks ?? 0, reporters: cls('outage')?.reporters ?? 0 },
        },
      };
    },

    async publicSites({ since, until, minReporters, limit }) {
      const { rows } = await db.query<{ host: string; networks: number; reports: number; last_seen: Date }>(
        `WITH shown AS (
           SELECT host, count(*) AS reports, max(created_at) AS last_seen FROM reports
           WHERE created_at >= $1 AND created_at < $2
           GROUP BY host, network_asn, network_cc HAVING count(DISTINCT key_fingerprint) >= $3)
         SELECT host, count(*)::int AS networks, sum(reports)::int AS reports, date_trunc('hour', max(last_seen), 'UTC') AS last_seen
         FROM shown GROUP BY host ORDER BY reports DESC, host LIMIT $4`,
        [since.toISOString(), until.toISOString(), minReporters, limit],
      );
      return rows.map((r) => ({ host: r.host, networks: r.networks, reports: r.reports, lastSeen: hour(r.last_seen) }));
    },
  };
}
