/**
 * What a browser's network error says about blocking, checked against every error Chromium
 * defines (tests/fixtures/chromium-net-errors.ts) by rules taken from Chromium's own description
 * of each range, not from the module's table: a new or misspelt entry shows up here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kindForNetError, NAMED_ERRORS } from '../../utils/observe/net-errors';
import type { VerdictKind } from '../../utils/protocol/report-schema';
import { CHROMIUM_NET_ERRORS } from '../fixtures/chromium-net-errors';

/** The kinds a network error alone can point at; the others need a probe's answer or the canaries. */
const NETWORK_KINDS: readonly (VerdictKind | null)[] = ['dns', 'tcp_reset', 'timeout', 'tls', 'tls_mitm', 'unreachable', null];

/** The user, the browser or its policy stopped the load, or the device is offline: no network refused anything. */
const LOCAL = new Set([
  'ABORTED',
  'UNSAFE_PORT',
  'DISALLOWED_URL_SCHEME',
  'UNKNOWN_URL_SCHEME',
  'INVALID_URL',
  'CLEARTEXT_NOT_PERMITTED',
  'FILE_NOT_FOUND',
  'INTERNET_DISCONNECTED',
  'NETWORK_CHANGED',
  'NETWORK_IO_SUSPENDED',
  'CACHE_MISS',
  'HTTP_RESPONSE_CODE_FAILURE',
]);
/**
 * A certificate no public authority would issue for the site today: from an unknown authority, for
 * another name, malformed, weakly signed, missing from the Certificate Transparency logs, on
 * Chromium's list of interception certificates, or not matching the site's pinned keys. That is
 * what a device reading the traffic presents; an expired or revoked one is the site's own problem.
 */
const INTERCEPTION = new Set([
  'CERT_AUTHORITY_INVALID',
  'CERT_COMMON_NAME_INVALID',
  'CERT_INVALID',
  'CERT_WEAK_SIGNATURE_ALGORITHM',
  'CERTIFICATE_TRANSPARENCY_REQUIRED',
  'CERT_KNOWN_INTERCEPTION_BLOCKED',
  'SSL_PINNED_KEY_NOT_IN_CERT_CHAIN',
]);
/** "corresponding to a TCP RST", "a TCP FIN", "no ACK for data sent", "closed without sending any data". */
const RESET = new Set(['CONNECTION_RESET', 'CONNECTION_CLOSED', 'CONNECTION_ABORTED', 'EMPTY_RESPONSE']);
const TIMEOUT = new Set(['TIMED_OUT', 'CONNECTION_TIMED_OUT']);

/** What each Chromium error may map to, by its range and Chromium's description of it. */
function allowed(name: string, code: number): readonly (VerdictKind | null)[] {
  const n = -code;
  // The certificate manager (importing and exporting certificates) never fails a page load; whatever
  // it maps to, it must not claim a certificate problem of a site.
  if (n >= 700 && n < 800) return [null, 'unreachable'];
  if (LOCAL.has(name) || name.startsWith('BLOCKED_BY_')) return [null];
  if ((n >= 800 && n < 900) || name === 'NAME_NOT_RESOLVED' || name === 'NAME_RESOLUTION_FAILED') return ['dns'];
  if (INTERCEPTION.has(name)) return ['tls_mitm'];
  if ((n >= 200 && n < 300) || name.startsWith('SSL_') || name.startsWith('TLS')) return ['tls'];
  if (RESET.has(name)) return ['tcp_reset'];
  if (TIMEOUT.has(name)) return ['timeout'];
  // A load that failed for a reason none of the above names: the probe decides whether it is blocked.
  return ['unreachable'];
}

const chromiumNames = new Set(CHROMIUM_NET_ERRORS.map(([name]) => `net::ERR_${name}`));

describe('kindForNetError over every error Chromium defines', () => {
  it('has the whole list to work with', () => {
    expect(CHROMIUM_NET_ERRORS.length).toBeGreaterThan(230);
    expect(new Set(CHROMIUM_NET_ERRORS.map(([, code]) => code)).size).toBe(CHROMIUM_NET_ERRORS.length);
  });

  it('maps each one where the rule for its range puts it', () => {
    const wrong = CHROMIUM_NET_ERRORS.map(([name, code]) => ({
      name,
      code,
      kind: kindForNetError(`net::ERR_${name}`),
      allowed: allowed(name, code),
    })).filter((r) => !r.allowed.includes(r.kind));
    expect(wrong).toEqual([]);
  });

  it('names only errors Chromium really reports in its special cases, so none is misspelt', () => {
    const chromium = NAMED_ERRORS.filter((name) => name.startsWith('net::'));
    expect(chromium.length).toBeGreaterThan(20);
    expect(chromium.filter((name) => !chromiumNames.has(name))).toEqual([]);
  });
});

describe('kindForNetError on errors no list knows yet', () => {
  const suffix = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,30}$/);

  it('gives any string a network kind or null, and never throws', () => {
    fc.assert(fc.property(fc.string(), (error) => NETWORK_KINDS.includes(kindForNetError(error))));
    // Names an object lookup could find on its prototype.
    for (const error of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(kindForNetError(error), error).toBe('unreachable');
  });

  it('puts a future Chromium error in the family its prefix names', () => {
    fc.assert(
      fc.property(suffix, (rest) => {
        const known = (name: string) => chromiumNames.has(name);
        if (!known(`net::ERR_DNS_${rest}`)) expect(kindForNetError(`net::ERR_DNS_${rest}`)).toBe('dns');
        if (!known(`net::ERR_SSL_${rest}`)) expect(['tls', 'tls_mitm']).toContain(kindForNetError(`net::ERR_SSL_${rest}`));
        if (!known(`net::ERR_CERT_${rest}`)) expect(['tls', 'tls_mitm']).toContain(kindForNetError(`net::ERR_CERT_${rest}`));
        expect(kindForNetError(`net::ERR_BLOCKED_BY_${rest}`)).toBeNull();
      }),
    );
  });

  it('calls an unknown error unreachable, leaving the decision to the probe', () => {
    fc.assert(
      fc.property(suffix, (rest) => {
        const name = `net::ERR_X${rest}`;
        fc.pre(!chromiumNames.has(name));
        expect(kindForNetError(name)).toBe('unreachable');
      }),
    );
    expect(kindForNetError('unknown')).toBe('unreachable');
  });
});

describe("Firefox's names for the same failures", () => {
  // Firefox reports Necko and NSS names; each pair is one failure as the two browsers name it.
  it.each([
    ['NS_ERROR_UNKNOWN_HOST', 'NAME_NOT_RESOLVED'],
    ['NS_ERROR_NET_RESET', 'CONNECTION_RESET'],
    ['NS_ERROR_NET_INTERRUPT', 'CONNECTION_CLOSED'],
    ['NS_ERROR_NET_TIMEOUT', 'TIMED_OUT'],
    ['NS_ERROR_CONNECTION_REFUSED', 'CONNECTION_REFUSED'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'CERT_AUTHORITY_INVALID'],
    ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', 'CERT_AUTHORITY_INVALID'],
    ['MOZILLA_PKIX_ERROR_MITM_DETECTED', 'CERT_AUTHORITY_INVALID'],
    ['SSL_ERROR_BAD_CERT_DOMAIN', 'CERT_COMMON_NAME_INVALID'],
    ['SEC_ERROR_EXPIRED_CERTIFICATE', 'CERT_DATE_INVALID'],
    ['SSL_ERROR_NO_CYPHER_OVERLAP', 'SSL_VERSION_OR_CIPHER_MISMATCH'],
    ['NS_BINDING_ABORTED', 'ABORTED'],
    ['NS_ERROR_ABORT', 'ABORTED'],
    ['NS_ERROR_OFFLINE', 'INTERNET_DISCONNECTED'],
  ])('%s means what Chromium calls %s', (firefox, chromium) => {
    expect(chromiumNames.has(`net::ERR_${chromium}`)).toBe(true);
    expect(kindForNetError(firefox)).toBe(kindForNetError(`net::ERR_${chromium}`));
  });
});
