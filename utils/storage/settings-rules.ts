/**
 * What a valid setting is, and the defaults: pure rules, shared by the stored settings and the
 * forms that edit them (which must not touch browser storage themselves).
 */
import { z } from 'zod';

export const DEFAULT_PROBE_TIMEOUT_MS = 15_000;
/** Well-known sites asked together to tell a blocked site from a network that is down. */
export const DEFAULT_CANARIES = ['https://www.google.com/', 'https://www.wikipedia.org/', 'https://www.cloudflare.com/'] as const;
export const MAX_CANARIES = 10;
/** Cloudflare's public resolver speaks the JSON API (`application/dns-json`). */
export const DEFAULT_DOH_RESOLVER = 'https://cloudflare-dns.com/dns-query';

/** Lets the pages show each refusal in the user's language; `error` stays for logs and tests. */
export type EndpointErrorCode = 'empty' | 'not-url' | 'http' | 'scheme' | 'credentials' | 'query';
export type EndpointCheck = { ok: true; value: string } | { ok: false; error: string; code: EndpointErrorCode };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * A collection endpoint is an https:// base URL; plain http:// only on this computer, where no
 * network can read it. Stored without a trailing slash so `<base>/v1/reports` is built one way.
 */
export function checkEndpoint(input: string): EndpointCheck {
  const text = input.trim();
  if (text === '') return { ok: false, code: 'empty', error: 'Enter the address of a collection endpoint.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: 'not-url', error: 'This is not a web address. It should look like https://collector.example.org' };
  }
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      return { ok: false, code: 'http', error: 'Use https://. Plain http:// is allowed only for localhost and 127.0.0.1.' };
    }
  } else if (url.protocol !== 'https:') {
    return { ok: false, code: 'scheme', error: 'The address must start with https://' };
  }
  if (url.username || url.password)
    return { ok: false, code: 'credentials', error: 'The address must not contain a user name or password.' };
  if (url.search || url.hash) return { ok: false, code: 'query', error: 'The address must not contain ? or #.' };
  return { ok: true, value: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

export const MAX_SERVICE_URL_LENGTH = 2048;
export type ServiceUrlErrorCode = EndpointErrorCode | 'too-long';
export type ServiceUrlCheck = { ok: true; value: string } | { ok: false; code: ServiceUrlErrorCode };

/**
 * A service Blockwatch itself contacts (DoH resolver, canary site): the endpoint's rule, kept as
 * typed (only trimmed) so a canary's trailing slash survives. The options page checks with this too.
 */
export function checkServiceUrl(input: string): ServiceUrlCheck {
  const value = input.trim();
  if (value.length > MAX_SERVICE_URL_LENGTH) return { ok: false, code: 'too-long' };
  const checked = checkEndpoint(value);
  return checked.ok ? { ok: true, value } : { ok: false, code: checked.code };
}

export type CanaryListError =
  | { code: 'url'; line: number; url: Exclude<ServiceUrlErrorCode, 'empty'> }
  | { code: 'duplicate'; line: number; first: number }
  | { code: 'too-many'; count: number };
export type CanaryListCheck = { ok: true; value: string[] } | { ok: false; error: CanaryListError };

/**
 * Canaries as typed in the options, one per line; blank lines are skipped. Two lines naming the
 * same address (up to a trailing slash) are refused: the second would only repeat the first check.
 */
export function checkCanaryLines(text: string): CanaryListCheck {
  const value: string[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const line = index + 1;
    const checked = checkServiceUrl(raw);
    if (!checked.ok) return { ok: false, error: { code: 'url', line, url: checked.code === 'empty' ? 'not-url' : checked.code } };
    const normal = checkEndpoint(checked.value);
    const same = normal.ok ? normal.value : checked.value;
    const first = seen.get(same);
    if (first !== undefined) return { ok: false, error: { code: 'duplicate', line, first } };
    seen.set(same, line);
    value.push(checked.value);
  }
  if (value.length > MAX_CANARIES) return { ok: false, error: { code: 'too-many', count: value.length } };
  return { ok: true, value };
}

const serviceUrl = z
  .string()
  .max(MAX_SERVICE_URL_LENGTH)
  .refine((v) => checkServiceUrl(v).ok, 'must be an https:// address');

export const SettingsSchema = z.object({
  endpoint: z
    .string()
    .nullable()
    .refine((v) => v === null || checkEndpoint(v).ok, 'invalid endpoint'),
  autoDetect: z.boolean(),
  /** When false, automatic reports wait in the history page for the user's review. */
  autoSend: z.boolean(),
  urlDetail: z.enum(['origin', 'path']),
  probeTimeoutMs: z.number().int().min(1_000).max(60_000),
  allowPrivateWindows: z.boolean(),
  /** DNS-over-HTTPS resolver (JSON API) asked when a name fails to resolve; null: never ask. */
  dohResolver: serviceUrl.nullable(),
  /** Sites checked before reporting a failure, to tell a blocked site from a network outage. */
  canaries: z.array(serviceUrl).max(MAX_CANARIES),
  /** Reports say their network was withheld instead of naming it (the collector's GET /v1/network). */
  withholdNetwork: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  endpoint: null,
  autoDetect: true,
  autoSend: true,
  urlDetail: 'origin',
  probeTimeoutMs: DEFAULT_PROBE_TIMEOUT_MS,
  allowPrivateWindows: false,
  dohResolver: DEFAULT_DOH_RESOLVER,
  canaries: [...DEFAULT_CANARIES],
  withholdNetwork: false,
};
