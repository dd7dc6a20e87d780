import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { readLimited } from './body';
import { readControlPage } from './control-page';
import type { PageSummary } from '../utils/protocol/report-schema';
import { requireJson } from './json-only';
import { ControlAllowance } from './control-allowance';
import { checkTarget, precheckTarget, systemResolve, type GuardOptions, type Resolve, type ResolvedAddress } from './ssrf-guard';

/**
 * The optional control measurement of protocol v1: `POST /v1/control {url}` fetches the URL from
 * the collector's own network, so a reporter can tell "blocked where I am" from "down for
 * everyone". Every hop goes through the SSRF guard and connects to exactly the address the guard
 * checked.
 */

export interface ControlResult {
  /** An HTTP answer below 500 arrived: the site is up from here. */
  ok: boolean;
  status?: number;
  error?: ControlError;
  ms: number;
  /** The final page as fetched from here (control-page.ts), for the reporter to compare with its own. */
  page?: PageSummary;
}

export type ControlError = 'dns' | 'timeout' | 'reset' | 'refused' | 'tls' | 'tls_cert' | 'unreachable' | 'http_error';

export interface ControlOptions extends GuardOptions {
  /** Whole measurement, all redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Extra trusted certificates. Test seam only: the simulator's sites use a self-signed one. */
  ca?: string | Buffer;
  /** Measurements allowed per minute, across all clients. */
  perMinute?: number;
  /** Measurements running at once, across all clients. */
  concurrency?: number;
  /** Measurements per minute from one address (its rate-limit key; never stored). */
  perAddressPerMinute?: number;
  /** Measurements running at once for one address. */
  perAddressConcurrency?: number;
  /** The rate-limit key of the asking address; createApp supplies it. Absent: one key for all. */
  addressKeyOf?: (c: Context) => string;
}

/** One address may never hold every slot, yet a browser that met several blocked sites at once is served. */
export const CONTROL_DEFAULTS = {
  timeoutMs: 10_000,
  maxRedirects: 3,
  perMinute: 60,
  concurrency: 4,
  perAddressPerMinute: 20,
  perAddressConcurrency: 3,
} as const;

const MAX_BODY_BYTES = 4096;
const MAX_HEADER_BYTES = 16 * 1024;

export type Measurement = ControlResult | { refused: string };

/** Fetches the URL, following at most `maxRedirects` redirects, each one checked like the first. */
export async function measure(rawUrl: string, options: ControlOptions = {}): Promise<Measurement> {
  const { timeoutMs = CONTROL_DEFAULTS.timeoutMs, maxRedirects = CONTROL_DEFAULTS.maxRedirects } = options;
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const deadline = Date.now() + timeoutMs;
  let current = rawUrl;
  let lastStatus: number | undefined;
  // The lookup counts against the deadline too: a name that never resolves must not hold a slot.
  const guard = { ...options, resolve: beforeDeadline(options.resolve ?? systemResolve, deadline) };
  for (let hop = 0; ; hop++) {
    const check = await checkTarget(current, guard);
    if (!check.ok) {
      if (!check.refused) return { ok: false, error: check.error, ms: ms() };
      if (hop === 0) return { refused: check.reason };
      // The site answered with a redirect to a place we will not go: it is up, and that is all we say.
      return { ok: true, ...(lastStatus !== undefined && { status: lastStatus }), ms: ms() };
    }
    let answer: { status: number; location?: string; page?: PageSummary };
    try {
      answer = await requestOnce(check.url, check.hostname, check.target, deadline, options.ca, hop < maxRedirects);
    } catch (error) {
      return { ok: false, error: errorName(error), ms: ms() };
    }
    lastStatus = answer.status;
    const redirect = answer.status >= 300 && answer.status < 400 && answer.location;
    if (!redirect || hop >= maxRedirects) {
      const page = answer.page && { page: answer.page };
      return answer.status < 500
        ? { ok: true, status: answer.status, ms: ms(), ...page }
        : { ok: false, status: answer.status, error: 'http_error', ms: ms(), ...page };
    }
    try {
      current = new URL(answer.location!, check.url).href;
    } catch {
      return { ok: true, status: answer.status, ms: ms() };
    }
  }
}

class DeadlineError extends Error {
  code = 'ETIMEDOUT';
}

function beforeDeadline(resolve: Resolve, deadline: number): Resolve {
  return (hostname) =>
    new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new DeadlineError('lookup timed out')), Math.max(0, deadline - Date.now()));
      resolve(hostname).then(
        (answers) => {
          clearTimeout(timer);
          done(answers);
        },
        (error: unknown) => {
          clearTimeout(timer);
          fail(error);
        },
      );
    });
}

/** One GET, pinned to `target`: Node's own lookup is replaced, so the name is never resolved again. */
function requestOnce(
  url: URL,
  hostname: string,
  target: ResolvedAddress,
  deadline: number,
  ca: string | Buffer | undefined,
  mayFollow: boolean,
): Promise<{ status: number; location?: string; page?: PageSummary }> {
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new DeadlineError('timeout'));
  const pinned: LookupFunction = (_name, opts, callback) => {
    if (opts.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const secure = url.protocol === 'https:';
  const bare = hostname.replace(/^\[|\]$/g, '');
  const isLiteral = bare !== hostname || /^\d+\.\d+\.\d+\.\d+$/.test(bare);
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request({
      host: bare,
      port: target.port ?? (url.port || (secure ? 443 : 80)),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { host: url.host, 'user-agent': 'Blockwatch-control/1', accept: '*/*', 'accept-encoding': 'identity' },
      lookup: pinned,
      agent: false,
      maxHeaderSize: MAX_HEADER_BYTES,
      ...(secure && { servername: isLiteral ? undefined : bare, ...(ca && { ca }) }),
    });
    const timer = setTimeout(() => request.destroy(new DeadlineError('timeout')), remaining);
    let responded = false;
    request.on('response', (response) => {
      responded = true;
      clearTimeout(timer);
      const location = response.headers.location;
      const status = response.statusCode ?? 0;
      if (mayFollow && status >= 300 && status < 400 && location) {
        // A redirect that will be followed: its body says nothing about the page.
        response.destroy();
        request.destroy();
        return resolve({ status, location });
      }
      void readControlPage(response, hostname, deadline).then((page) => {
        request.destroy();
        resolve({ status, ...(location && { location }), page });
      });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      // After the answer began, a broken body only shortens the page (control-page.ts).
      if (!responded) reject(error);
    });
    request.end();
  });
}

function errorName(error: unknown): ControlError {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return 'tls_cert';
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS')) return 'tls';
  return 'unreachable';
}

export { RateLimiter } from './control-allowance';

const ControlRequestSchema = z.object({ url: z.string().min(1).max(2048) }).strict();

export function registerControl(app: Hono, options: ControlOptions = {}): void {
  const allowance = new ControlAllowance({
    perMinute: options.perMinute ?? CONTROL_DEFAULTS.perMinute,
    concurrency: options.concurrency ?? CONTROL_DEFAULTS.concurrency,
    perAddressPerMinute: options.perAddressPerMinute ?? CONTROL_DEFAULTS.perAddressPerMinute,
    perAddressConcurrency: options.perAddressConcurrency ?? CONTROL_DEFAULTS.perAddressConcurrency,
  });
  app.post('/v1/control', requireJson, async (c) => {
    const bytes = await readLimited(c.req.raw, MAX_BODY_BYTES);
    const text = bytes === null ? null : new TextDecoder().decode(bytes);
    if (text === null) return c.json({ error: 'body too large' }, 413);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return c.json({ error: 'body is not valid JSON' }, 400);
    }
    const parsed = ControlRequestSchema.safeParse(body);
    if (!parsed.success) return c.json({ error: 'expected {"url": string}' }, 400);
    // Refused before the allowance is touched: a refusal costs nothing, so it must not cost anyone.
    const pre = precheckTarget(parsed.data.url, options);
    if (!pre.ok) return c.json({ error: `refused: ${pre.reason}` }, 400);
    const grant = allowance.take(options.addressKeyOf?.(c) ?? '');
    if (!grant.ok) return c.json({ error: grant.reason }, 429, { 'Retry-After': String(grant.retryAfter) });
    try {
      const result = await measure(parsed.data.url, options);
      if ('refused' in result) return c.json({ error: `refused: ${result.refused}` }, 400);
      return c.json(result satisfies ControlResult);
    } finally {
      grant.release();
    }
  });
}
