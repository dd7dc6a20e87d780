/**
 * GET /v1/network: the caller's network (AS number, AS name, country), looked up from the address
 * the request came from (after TRUST_PROXY). The address is neither logged nor kept, and the answer
 * is not cached anywhere on the way: it is about whoever asks.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { clientAddress } from '../client-address';
import type { Network, NetworkLookup } from './lookup';

export interface NetworkRouteOptions {
  lookup: NetworkLookup;
  trustProxy: number;
  /** The per-address rate limit, or a pass-through. */
  limit: MiddlewareHandler;
}

export function registerNetworkRoute(app: Hono, { lookup, trustProxy, limit }: NetworkRouteOptions): void {
  app.get('/v1/network', limit, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(lookup.lookup(clientAddress(c, trustProxy)) satisfies Network);
  });
}

/** The network a request was delivered from, for ingest to store beside each report. */
export function deliveryNetwork(lookup: NetworkLookup | undefined, trustProxy: number): ((c: Context) => Network) | undefined {
  return lookup && ((c) => lookup.lookup(clientAddress(c, trustProxy)));
}
