import { z } from 'zod';
import type { ProbeTracker } from './probe';
import type { DnsEvidenceSchema } from '../protocol/report-schema';
import { readBoundedJson } from '../protocol/bounded-body';

/**
 * Asks a DNS-over-HTTPS resolver about a name that failed (or looked wrong) here. The JSON API
 * (`application/dns-json`, `?name=&type=`) is what the big public resolvers share; a resolver the
 * local network cannot tamper with tells "the name was censored here" from "the name is gone".
 */

export const DOH_TIMEOUT_MS = 5_000;

export type DnsEvidence = z.infer<typeof DnsEvidenceSchema>;

const A = 1;
const AAAA = 28;
const NXDOMAIN = 3;

const DohJsonSchema = z.object({
  Status: z.number().int(),
  Answer: z.array(z.object({ type: z.number().int(), data: z.string() })).optional(),
});

export interface DohOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** Names the network error when the resolver itself cannot be reached. */
  tracker?: ProbeTracker;
  /** Told the address the resolver answered from, where webRequest named it (needs `tracker`). */
  servedFrom?: (ip: string) => void;
}

type Lookup =
  | { kind: 'answer'; status: number; addresses: string[] }
  | { kind: 'unreachable'; error: string }
  | { kind: 'error'; error: string };

async function lookupType(resolver: string, host: string, type: 'A' | 'AAAA', options: DohOptions, signal: AbortSignal): Promise<Lookup> {
  const url = new URL(resolver);
  url.searchParams.set('name', host);
  url.searchParams.set('type', type);
  const pending = options.tracker?.watch(url.href);
  try {
    const response = await (options.fetchImpl ?? fetch)(url.href, {
      headers: { accept: 'application/dns-json' },
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal,
    });
    if (!response.ok) return { kind: 'error', error: `HTTP ${response.status}` };
    // A DNS answer is a few hundred bytes; 64 KiB is far more than any resolver sends.
    const answer = await readBoundedJson(response, 64 * 1024).catch((error: unknown) => {
      if (signal.aborted) throw error;
      return undefined;
    });
    const parsed = DohJsonSchema.safeParse(answer);
    if (!parsed.success) return { kind: 'error', error: 'not a DNS JSON answer' };
    const wanted = type === 'A' ? A : AAAA;
    // Only what could be an address is kept: a resolver's other text would make the report invalid.
    const addresses = (parsed.data.Answer ?? [])
      .filter((a) => a.type === wanted && /^[0-9a-fA-F:.]{2,45}$/.test(a.data))
      .map((a) => a.data);
    return { kind: 'answer', status: parsed.data.Status, addresses };
  } catch {
    if (signal.aborted) return { kind: 'unreachable', error: 'timeout' };
    const error = pending && options.tracker ? await options.tracker.errorOf(pending, 1_000) : undefined;
    return { kind: 'unreachable', error: error ?? 'unknown' };
  } finally {
    if (pending?.ip) options.servedFrom?.(pending.ip);
    if (pending) options.tracker?.release(pending);
  }
}

/** Both address families at once; an unreachable or broken resolver is recorded, never read as an answer. */
export async function queryDoh(resolver: string, host: string, options: DohOptions = {}): Promise<DnsEvidence> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DOH_TIMEOUT_MS);
  const started = performance.now();
  try {
    const [a, aaaa] = await Promise.all([
      lookupType(resolver, host, 'A', options, controller.signal),
      lookupType(resolver, host, 'AAAA', options, controller.signal),
    ]);
    const ms = Math.round(performance.now() - started);
    const base = { resolver: `${new URL(resolver).origin}/`, ms };
    const answers = [a, aaaa].filter((l): l is Extract<Lookup, { kind: 'answer' }> => l.kind === 'answer');
    if (answers.length === 0) {
      const failure = a as Exclude<Lookup, { kind: 'answer' }>;
      return { ...base, answer: failure.kind, error: failure.error.slice(0, 200) };
    }
    const addresses = answers.flatMap((l) => l.addresses).slice(0, 16);
    if (addresses.length > 0) return { ...base, answer: 'addresses', addresses };
    if (answers.some((l) => l.status === NXDOMAIN)) return { ...base, answer: 'nxdomain' };
    return { ...base, answer: 'no_answer' };
  } finally {
    clearTimeout(timer);
  }
}

/** What the DoH answer means for a name that failed to resolve here. */
export function dohMeaning(evidence: DnsEvidence): 'tampering' | 'gone_everywhere' | 'unknown' {
  if (evidence.answer === 'addresses') return 'tampering';
  if (evidence.answer === 'nxdomain') return 'gone_everywhere';
  return 'unknown';
}
