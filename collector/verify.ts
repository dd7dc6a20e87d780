import type { z } from 'zod';
import { canonicalBytes } from '../utils/protocol/canonical-json';
import { SignedReportSchema, type PublicKeyJwk, type Report } from '../utils/protocol/report-schema';
import { fromBase64Url, importPublicKey, keyFingerprint } from '../utils/protocol/signing';
import { canonicalPublicKey } from './canonical-key';

export type CheckResult =
  | { ok: true; id: string; report: Report; signature: string; keyFingerprint: string }
  | { ok: false; id: string; reason: string };

const MAX_ISSUES = 3;
const MAX_MESSAGE = 80;
const MAX_ECHOED_ID = 64;
/** Reports from before this are a wrong clock or made up. */
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
/** A little tolerance for clocks that run ahead. */
const FUTURE_TOLERANCE_MS = 24 * 3600_000;

/** Validates one batch entry against the protocol schema and verifies its signature with the key it carries. */
export async function checkEntry(entry: unknown, now: number = Date.now()): Promise<CheckResult> {
  const parsed = SignedReportSchema.safeParse(entry);
  if (!parsed.success) return { ok: false, id: entryId(entry), reason: summarizeIssues(parsed.error.issues) };
  const { report, signature } = parsed.data;
  const created = Date.parse(report.createdAt);
  if (!(created >= EARLIEST)) return { ok: false, id: report.id, reason: 'report.createdAt: before the year 2000' };
  if (created > now + FUTURE_TOLERANCE_MS) return { ok: false, id: report.id, reason: 'report.createdAt: in the future' };
  const unstorable = findUnstorableText(report);
  if (unstorable)
    return { ok: false, id: report.id, reason: `${unstorable.slice(0, 100)}: contains a NUL character or an unpaired surrogate` };
  const key = await keyFor(report.publicKey);
  if (!key || !(await verifyWith(key.cryptoKey, report, signature))) return { ok: false, id: report.id, reason: 'bad signature' };
  return { ok: true, id: report.id, report, signature, keyFingerprint: key.fingerprint };
}

/**
 * A reporter sends many reports with one key: importing it and hashing its fingerprint once, not
 * per report, is a good part of the ingest budget. Bounded, so a flood of fresh keys cannot grow it.
 */
const KEY_CACHE_SIZE = 10_000;
const keyCache = new Map<string, Promise<{ cryptoKey: CryptoKey; fingerprint: string } | null>>();

function keyFor(sent: PublicKeyJwk): Promise<{ cryptoKey: CryptoKey; fingerprint: string } | null> {
  // Named by its decoded point: the spare bits of a coordinate's last character name nothing.
  const jwk = canonicalPublicKey(sent);
  if (!jwk) return Promise.resolve(null);
  const cacheKey = `${jwk.x}.${jwk.y}`;
  let entry = keyCache.get(cacheKey);
  if (!entry) {
    entry = Promise.all([importPublicKey(jwk), keyFingerprint(jwk)]).then(
      ([cryptoKey, fingerprint]) => ({ cryptoKey, fingerprint }),
      // Not a point on the curve: no report can verify with it.
      () => null,
    );
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
    keyCache.set(cacheKey, entry);
  }
  return entry;
}

async function verifyWith(key: CryptoKey, report: Report, signature: string): Promise<boolean> {
  try {
    const sig = fromBase64Url(signature);
    if (sig.length !== 64) return false;
    return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, sig, canonicalBytes(report));
  } catch {
    // Canonicalisation fails on values JSON cannot express (e.g. nesting deeper than the stack).
    return false;
  }
}

/**
 * PostgreSQL's jsonb cannot hold U+0000 or a lone surrogate; such a report would fail the whole
 * batch's insert. Returns the path of the first such string (key or value), or null.
 */
export function findUnstorableText(value: unknown, path = 'report', depth = 0): string | null {
  if (depth > 64) return path;
  if (typeof value === 'string') return isStorable(value) ? null : path;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (!isStorable(key)) return path;
    const found = findUnstorableText(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

function isStorable(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

function entryId(entry: unknown): string {
  if (typeof entry !== 'object' || entry === null) return 'unknown';
  const report = (entry as { report?: unknown }).report;
  if (typeof report !== 'object' || report === null) return 'unknown';
  const id = (report as { id?: unknown }).id;
  // The id is echoed back so the sender can match the rejection; a giant one is cut short.
  return typeof id === 'string' ? id.slice(0, MAX_ECHOED_ID) : 'unknown';
}

/** e.g. `report.verdict.kind: invalid option; report.note: too big: expected string to have <=500 characters` */
export function summarizeIssues(issues: z.ZodError['issues']): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    // Enum messages list every option; the part before the colon says enough.
    let message = issue.message.length > MAX_MESSAGE ? issue.message.split(':')[0]! : issue.message;
    message = message.charAt(0).toLowerCase() + message.slice(1);
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
      .join('.')
      .replace(/\.\[/g, '[');
    return path ? `${path}: ${message}` : message;
  });
  if (issues.length > MAX_ISSUES) parts.push(`+${issues.length - MAX_ISSUES} more`);
  return parts.join('; ');
}
