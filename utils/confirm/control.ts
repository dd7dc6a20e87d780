import { z } from 'zod';
import { browser } from 'wxt/browser';
import { PageSummarySchema, type ControlEvidenceSchema } from '../protocol/report-schema';
import { readBoundedJson } from '../protocol/bounded-body';
import { isRedirect } from '../protocol/redirect-guard';

/**
 * Asks the user's collector to fetch the (already redacted) URL from its own network: a site that
 * fails here but loads there is blocked here; one that fails there too is down everywhere.
 * A collector that does not offer it answers 404, and is not asked again for a while.
 */

export const CONTROL_TIMEOUT_MS = 15_000;
/** How long a 404 is believed before the collector is asked again. */
export const NOT_OFFERED_TTL_MS = 6 * 60 * 60_000;
const STORAGE_KEY = 'controlNotOffered';

export type ControlEvidence = z.infer<typeof ControlEvidenceSchema>;

const ControlResponseSchema = z.object({
  ok: z.boolean(),
  status: z.number().int().min(100).max(599).optional(),
  error: z.string().max(40).optional(),
  ms: z.number().int().nonnegative(),
  // Checked on its own below: a collector's odd page must not cost the rest of its answer.
  page: z.unknown().optional(),
});

export type ControlOutcome =
  | { status: 'measured'; evidence: ControlEvidence & { ok: boolean } }
  | { status: 'not-offered' }
  | { status: 'unavailable'; evidence: ControlEvidence };

export interface ControlOptions {
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  now?: number;
}

async function knownNotOffered(endpoint: string, now: number): Promise<boolean> {
  const stored = (await browser.storage.local.get(STORAGE_KEY))[STORAGE_KEY] as { endpoint?: string; until?: number } | undefined;
  return stored?.endpoint === endpoint && typeof stored.until === 'number' && now < stored.until;
}

export async function askControl(endpoint: string, url: string, options: ControlOptions = {}): Promise<ControlOutcome> {
  const now = options.now ?? Date.now();
  if (await knownNotOffered(endpoint, now)) return { status: 'not-offered' };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? CONTROL_TIMEOUT_MS);
  try {
    const response = await (options.fetchImpl ?? fetch)(`${endpoint}/v1/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url }),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      redirect: 'manual',
      signal: controller.signal,
    });
    if (isRedirect(response)) return { status: 'unavailable', evidence: { unavailable: 'redirect' } };
    if (response.status === 404 || response.status === 405) {
      await browser.storage.local.set({ [STORAGE_KEY]: { endpoint, until: now + NOT_OFFERED_TTL_MS } });
      return { status: 'not-offered' };
    }
    if (response.status === 429) return { status: 'unavailable', evidence: { unavailable: 'rate_limited' } };
    if (response.status === 400) return { status: 'unavailable', evidence: { unavailable: 'refused' } };
    if (!response.ok) return { status: 'unavailable', evidence: { unavailable: `http_${response.status}` } };
    // Bounded: a huge or endless answer is a bad one, not a reason to wait or to fill memory.
    const answer = await readBoundedJson(response).catch((error: unknown) => {
      if (controller.signal.aborted) throw error;
      return undefined;
    });
    const parsed = ControlResponseSchema.safeParse(answer);
    if (!parsed.success) return { status: 'unavailable', evidence: { unavailable: 'bad_answer' } };
    const { ok, status, error, ms } = parsed.data;
    // What the page looked like from there (protocol v1, optional): collectors before it send none.
    const page = PageSummarySchema.safeParse(parsed.data.page);
    return {
      status: 'measured',
      evidence: {
        ok,
        ms,
        ...(status !== undefined && { status }),
        ...(error !== undefined && { error }),
        ...(page.success && { page: page.data }),
      },
    };
  } catch {
    return { status: 'unavailable', evidence: { unavailable: controller.signal.aborted ? 'timeout' : 'unreachable' } };
  } finally {
    clearTimeout(timer);
  }
}
