/**
 * POST bodies must be declared `application/json`. A web page can make its visitors' browsers send
 * text/plain, form and multipart bodies to any origin without asking (no CORS preflight); JSON
 * needs a preflight this collector never grants, so no page can submit in its visitors' names.
 */
import type { MiddlewareHandler } from 'hono';

/** `application/json`, any case, parameters (a charset) allowed; nothing else, not even `+json` types. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const essence = header.split(';', 1)[0]!.trim().toLowerCase();
  return essence === 'application/json';
}

export const requireJson: MiddlewareHandler = async (c, next) => {
  if (!isJsonContentType(c.req.header('content-type'))) {
    return c.json({ error: 'the body must be sent as Content-Type: application/json' }, 415);
  }
  await next();
};
