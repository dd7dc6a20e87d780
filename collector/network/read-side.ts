/**
 * The read side's network parts: `byNetwork`/`byCountry` in GET /v1/stats, the sites × networks
 * grid (GET /v1/stats/grid), the network columns of the report export and the network datasets.
 */
import type { Context } from 'hono';
import { StatsQuery, parseQuery } from '../read-query';
import type { ReportFilter, ReportStore, StoredReport } from '../store';

export const NETWORK_DATASETS = ['networks', 'countries'] as const;
export type NetworkDataset = (typeof NETWORK_DATASETS)[number];

export const isNetworkDataset = (name: string): name is NetworkDataset => (NETWORK_DATASETS as readonly string[]).includes(name);

/** `top` is how many hosts (rows) the grid has; the networks (columns) are the most reported ones. */
const GridQuery = StatsQuery.omit({ bucket: true });

/** GET /v1/stats/grid: which site fails on which network, by kind, for the filters given. */
export function networkGrid(store: ReportStore) {
  return async (c: Context) => {
    const query = parseQuery(GridQuery, c.req.query());
    if (!query.ok) return c.json({ error: query.error }, 400);
    const { top, ...filter } = query.value;
    return c.json(await store.networks.grid(filter, { hosts: top ?? 20, networks: 20 }));
  };
}

export const REPORT_NETWORK_CSV_COLUMNS = [
  'network_asn',
  'network_name',
  'network_cc',
  'network_source',
  'received_asn',
  'received_name',
  'received_cc',
] as const;

export function reportNetworkCells(r: StoredReport): unknown[] {
  return [
    r.network?.asn ?? '',
    r.network?.name ?? '',
    r.network?.cc ?? '',
    r.networkSource ?? '',
    r.receivedNetwork?.asn ?? '',
    r.receivedNetwork?.name ?? '',
    r.receivedNetwork?.cc ?? '',
  ];
}

export async function networkTable(
  store: ReportStore,
  dataset: NetworkDataset,
  filter: ReportFilter,
  top: number,
): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const stats = await store.networks.stats(filter, { top });
  return dataset === 'networks'
    ? { columns: ['asn', 'name', 'cc', 'count', 'reporters'], rows: stats.byNetwork.map((n) => ({ ...n })) }
    : { columns: ['cc', 'count', 'reporters'], rows: stats.byCountry.map((n) => ({ ...n })) };
}
