/**
 * The network this browser measures from (AS number, AS name, country), as the user's collector
 * names it at GET /v1/network. Asked only once an endpoint is set, at most every few minutes;
 * kept in memory and in session storage, so a restarted service worker need not ask again. A
 * failure is remembered briefly. The user can withhold the network: reports then say so.
 */
import { browser } from 'wxt/browser';
import { collectorGet } from './collector-get';
import { ReportNetworkSchema, type ReportNetwork } from '../protocol/report-schema';
import type { Settings } from '../storage/settings-rules';

export const NETWORK_TTL_MS = 5 * 60_000;
export const NETWORK_FAILURE_TTL_MS = 60_000;
/** A collector without network lookups (404) is not asked again for a while. */
export const NETWORK_NOT_OFFERED_TTL_MS = 30 * 60_000;
export const NETWORK_TIMEOUT_MS = 3_000;
/** `{ "asn": …, "name": …, "cc": … }` is well under this. */
export const NETWORK_REPLY_MAX_BYTES = 2048;
/** As OONI's AS0/ZZ: the report says its network was withheld. */
export const WITHHELD_NETWORK: ReportNetwork = Object.freeze({ asn: null, name: null, cc: null });

const STORAGE_KEY = 'networkLookup';

interface Remembered {
  endpoint: string;
  until: number;
  /** null: the collector could not or would not say. */
  network: ReportNetwork | null;
}

let memory: Remembered | undefined;
const asking = new Map<string, Promise<ReportNetwork | null>>();

export interface NetworkLookupOptions {
  fetchImpl?: typeof fetch;
  now?: () => number;
}

/** The network to sign into a report: withheld, the collector's answer, or none (no endpoint, or it could not be asked). */
export async function reportNetwork(
  settings: Pick<Settings, 'endpoint' | 'withholdNetwork'>,
  options: NetworkLookupOptions = {},
): Promise<ReportNetwork | undefined> {
  if (settings.withholdNetwork) return { ...WITHHELD_NETWORK };
  if (!settings.endpoint) return undefined;
  return (await currentNetwork(settings.endpoint, options)) ?? undefined;
}

export async function currentNetwork(
  endpoint: string,
  { fetchImpl, now = Date.now }: NetworkLookupOptions = {},
): Promise<ReportNetwork | null> {
  const remembered = memory ?? (await fromSession());
  if (remembered && remembered.endpoint === endpoint && remembered.until > now()) {
    memory = remembered;
    return remembered.network;
  }
  let pending = asking.get(endpoint);
  if (!pending) {
    pending = ask(endpoint, fetchImpl, now).finally(() => asking.delete(endpoint));
    asking.set(endpoint, pending);
  }
  return pending;
}

/** Forgets the remembered network, e.g. after the endpoint changed. */
export async function forgetNetwork(): Promise<void> {
  memory = undefined;
  await browser.storage.session?.remove(STORAGE_KEY).catch(() => undefined);
}

async function ask(endpoint: string, fetchImpl: typeof fetch | undefined, now: () => number): Promise<ReportNetwork | null> {
  const answer = await collectorGet(`${endpoint}/v1/network`, {
    timeoutMs: NETWORK_TIMEOUT_MS,
    maxBytes: NETWORK_REPLY_MAX_BYTES,
    ...(fetchImpl && { fetchImpl }),
  });
  const parsed = answer.ok ? ReportNetworkSchema.safeParse(answer.json) : null;
  const network = parsed?.success ? parsed.data : null;
  const ttl = network
    ? NETWORK_TTL_MS
    : !answer.ok && answer.reason === 'not-offered'
      ? NETWORK_NOT_OFFERED_TTL_MS
      : NETWORK_FAILURE_TTL_MS;
  memory = { endpoint, until: now() + ttl, network };
  await browser.storage.session?.set({ [STORAGE_KEY]: memory }).catch(() => undefined);
  return network;
}

async function fromSession(): Promise<Remembered | undefined> {
  try {
    const stored = (await browser.storage.session?.get(STORAGE_KEY))?.[STORAGE_KEY] as Remembered | undefined;
    if (!stored || typeof stored.endpoint !== 'string' || typeof stored.until !== 'number') return undefined;
    if (stored.network !== null && !ReportNetworkSchema.safeParse(stored.network).success) return undefined;
    return stored;
  } catch {
    return undefined;
  }
}
