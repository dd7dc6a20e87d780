import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { tooMany } from './ingest';
import type { TokenBuckets } from './rate-limit';

export interface TokenGuardOptions {
  /** COLLECTOR_TOKEN; without it the read side stays closed. */
  token?: string;
  /** Failed attempts per address, so the token cannot be guessed at speed. */
  failures?: TokenBuckets;
  addressKeyOf: (c: Context) => string;
}

/** The read side: `Authorization: Bearer <COLLECTOR_TOKEN>` or nothing. */
export function requireToken({ token, failures, addressKeyOf }: TokenGuardOptions): MiddlewareHandler {
  const expected = token === undefined ? undefined : digest(token);
  return async (c, next) => {
    if (expected === undefined) {
      return c.json({ error: 'the read side is disabled: start the collector with COLLECTOR_TOKEN set' }, 403);
    }
    const presented = /^Bearer[ ]+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    // The token is checked first: the right one always opens, so failures from a shared address
    // (everyone behind one proxy, or an attacker beside them) can lock out only wrong guesses.
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return next();
    if (failures) {
      const taken = failures.takeOne(addressKeyOf(c));
      if (!taken.ok) return tooMany(c, taken.retryAfterMs, 'too many failed attempts; wait before trying again');
    }
    c.header('WWW-Authenticate', 'Bearer realm="blockwatch-collector"');
    return c.json({ error: presented === undefined ? 'missing Authorization: Bearer token' : 'wrong token' }, 401);
  };
}

/** Equal lengths for timingSafeEqual, whatever was sent. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
