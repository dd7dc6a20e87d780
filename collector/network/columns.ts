/**
 * A stored report's networks as the read side shows them: the one it counts on, where that came
 * from, and the one it was delivered from.
 */
import type { Network } from './lookup';

export type NetworkSource = 'report' | 'received';

export interface NetworkColumns {
  /** Its own signed network when it has one, else the one it was delivered from; null when neither is known. */
  network: Network | null;
  /** `report`: the reporter's signed network; `received`: the collector's, from the delivery. */
  networkSource: NetworkSource | null;
  receivedNetwork: Network | null;
}

interface Row {
  received_network: Network | null;
  network_source: string | null;
  network_asn: string | number | null;
  network_name: string | null;
  network_cc: string | null;
}

export function networkColumns(r: Row): NetworkColumns {
  const source = r.network_source === 'report' || r.network_source === 'received' ? r.network_source : null;
  return {
    network:
      source === null ? null : { asn: r.network_asn === null ? null : Number(r.network_asn), name: r.network_name, cc: r.network_cc },
    networkSource: source,
    receivedNetwork: r.received_network ?? null,
  };
}

/**
 * The network to record as received for a report. A report whose own network is all null was
 * withheld by its reporter (or measured where none could be named): the delivery's is not recorded
 * either, or the setting that withholds it would mean nothing.
 */
export function receivedNetworkFor(report: { network?: Network }, received: Network | undefined): Network | undefined {
  if (received === undefined) return undefined;
  const own = report.network;
  if (own && own.asn === null && own.name === null && own.cc === null) return undefined;
  return received;
}
