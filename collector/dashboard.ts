import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

const here = fileURLToPath(new URL('./dashboard/', import.meta.url));
/** chart.js does not export its browser bundle as a module path; find it beside its entry file. */
const chartJsDir = dirname(createRequire(import.meta.url).resolve('chart.js'));

const ASSETS: Record<string, { file: string; type: string }> = {
  'dashboard.js': { file: join(here, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'networks.js': { file: join(here, 'networks.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard.css': { file: join(here, 'dashboard.css'), type: 'text/css; charset=utf-8' },
  'chart.umd.min.js': { file: join(chartJsDir, 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
};

/** Only our own files run on the page, and it can talk to nobody but this collector. */
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** GET /dashboard and its files. The page holds no data; it reads the token-protected API. */
export function dashboard() {
  const cache = new Map<string, string>();
  const read = (file: string) => {
    let text = cache.get(file);
    if (text === undefined) cache.set(file, (text = readFileSync(file, 'utf8')));
    return text;
  };
  return {
    page: (c: Context) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
      return c.html(read(join(here, 'index.html')));
    },
    asset: (c: Context) => {
      const name = c.req.param('file') ?? '';
      // Own names only: `constructor` or `__proto__` would otherwise find Object.prototype's.
      const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
      if (!asset) return c.json({ error: 'not found' }, 404);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
      c.header('Content-Type', asset.type);
      c.header('Cache-Control', 'no-cache');
      return c.body(read(asset.file));
    },
  };
}
