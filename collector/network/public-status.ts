/**
 * The public status, when the operator turns it on (PUBLIC_STATUS=on): per-site aggregates by
 * network at GET /v1/public/sites[/<host>] and as pages at /status[/<host>]. Only networks backed
 * by at least `minReporters` distinct reporter keys appear; times are whole hours; nothing that
 * names a report or a reporter (id, key, fingerprint, signature, note, URL path) is ever read here.
 * Answers are cached for a few minutes, and each address may ask only so often.
 */
import { domainToASCII } from 'node:url';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { HostSchema } from '../../utils/protocol/report-schema';
import type { ReportStore } from '../store';
import { indexPage, PAGE_CSP, sitePage } from './public-page';
import { pageLanguage } from './public-text';
import type { PublicSite, PublicSiteEntry } from './store-queries';

export interface PublicStatusOptions {
  /** PUBLIC_MIN_REPORTERS: distinct reporter keys a network needs to be shown. */
  minReporters: number;
}

export interface PublicStatusDeps extends PublicStatusOptions {
  /** The per-address rate limit for these paths, or a pass-through. */
  limit: MiddlewareHandler;
  now?: () => number;
}

export const PERIODS = [1, 7, 30] as const;
export const DEFAULT_DAYS = 30;
export const CACHE_MS = 5 * 60_000;
const MAX_CACHED = 2000;
const INDEX_SIZE = 100;
const HOUR_MS = 3_600_000;

export interface PublicSiteAnswer extends PublicSite {
  host: string;
  days: number;
  /** The period, in whole hours (UTC). */
  from: string;
  to: string;
  minReporters: number;
}

export interface PublicIndexAnswer {
  sites: PublicSiteEntry[];
  days: number;
  from: string;
  to: string;
  minReporters: number;
}

/** Whatever a person types or a browser sends as the host: `Пример.kz.` is `xn--e1afmkfd.kz`. */
export function publicHost(raw: string): string | null {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const ascii = domainToASCII(decoded.trim().replace(/\.$/, '')).toLowerCase();
  return HostSchema.safeParse(ascii).success ? ascii : null;
}

/** A small time-limited cache; the oldest entries go first when it is full. */
class Cache<T> {
  private readonly entries = new Map<string, { until: number; value: Promise<T> }>();
  constructor(private readonly now: () => number) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > at) return hit.value;
    const value = make();
    this.entries.delete(key);
    this.entries.set(key, { until: at + CACHE_MS, value });
    // A failed query is not kept: the next request asks the database again.
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > MAX_CACHED) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

function period(now: number, days: number): { since: Date; until: Date } {
  const until = Math.ceil(now / HOUR_MS) * HOUR_MS;
  return { since: new Date(until - days * 86_400_000), until: new Date(until === now ? until + HOUR_MS : until) };
}

const hourIso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

export function registerPublicStatus(app: Hono, store: ReportStore, { minReporters, limit, now = Date.now }: PublicStatusDeps): void {
  const sites = new Cache<PublicSiteAnswer>(now);
  const indexes = new Cache<PublicIndexAnswer>(now);

  const siteAnswer = (host: string, days: number) =>
    sites.get(`${host}|${days}`, async () => {
      const { since, until } = period(now(), days);
      const site = await store.networks.publicSite(host, { since, until, minReporters });
      return { host, days, from: hourIso(since), to: hourIso(until), minReporters, ...site };
    });
  const indexAnswer = () =>
    indexes.get('index', async () => {
      const { since, until } = period(now(), DEFAULT_DAYS);
      const list = await store.networks.publicSites({ since, until, minReporters, limit: INDEX_SIZE });
      return { sites: list, days: DEFAULT_DAYS, from: hourIso(since), to: hourIso(until), minReporters };
    });

  const publicHeaders = (c: Context) => {
    c.header('Cache-Control', `public, max-age=${CACHE_MS / 1000}`);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  };
  const daysOf = (c: Context): number | null => {
    const raw = c.req.query('days');
    if (raw === undefined) return DEFAULT_DAYS;
    return (PERIODS as readonly number[]).includes(Number(raw)) ? Number(raw) : null;
  };

  app.get('/v1/public/sites', limit, async (c) => {
    publicHeaders(c);
    return c.json(await indexAnswer());
  });
  app.get('/v1/public/sites/:host', limit, async (c) => {
    const host = publicHost(c.req.param('host'));
    if (!host) return c.json({ error: 'not a host name' }, 400);
    const days = daysOf(c);
    if (days === null) return c.json({ error: `days must be one of ${PERIODS.join(', ')}` }, 400);
    publicHeaders(c);
    return c.json(await siteAnswer(host, days));
  });

  const page = (c: Context, html: string) => {
    publicHeaders(c);
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Vary', 'Accept-Language');
    return c.html(html);
  };
  const languageOf = (c: Context) => pageLanguage(c.req.query('lang'), c.req.header('accept-language'));

  app.get('/status', limit, async (c) => {
    const lang = languageOf(c);
    const typed = c.req.query('host');
    if (typed !== undefined) {
      const host = publicHost(typed);
      if (host) return c.redirect(`/status/${host}?lang=${lang}`, 303);
    }
    const index = await indexAnswer();
    return page(c, indexPage(lang, index.sites, minReporters));
  });
  app.get('/status/:host', limit, async (c) => {
    const host = publicHost(c.req.param('host'));
    if (!host) return c.json({ error: 'not a host name' }, 400);
    const lang = languageOf(c);
    const answer = await siteAnswer(host, DEFAULT_DAYS);
    return page(c, sitePage(lang, { host, site: answer, days: answer.days, from: answer.from, to: answer.to, minReporters }));
  });
}
