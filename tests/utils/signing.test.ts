import { describe, expect, it } from 'vitest';
import {
  exportPublicKey,
  fromBase64Url,
  generateKeyPair,
  importPublicKey,
  keyFingerprint,
  signReport,
  toBase64Url,
  verifyReport,
} from '../../utils/protocol/signing';
import { canonicalBytes } from '../../utils/protocol/canonical-json';
import { buildReport } from '../../utils/report/build';
import { makeKeys, reportInput } from '../support/fixtures';

describe('base64url', () => {
  it('round-trips every length and every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let length = 0; length <= 70; length++) {
      const bytes = all.slice(256 - length);
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(fromBase64Url(toBase64Url(all))).toEqual(all);
  });

  it('uses the URL alphabet without padding', () => {
    expect(toBase64Url(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('-_-_');
    expect(toBase64Url(Uint8Array.of(0xff))).toBe('_w');
    expect(toBase64Url(new TextEncoder().encode('ab'))).toBe('YWI');
    expect(toBase64Url(new Uint8Array(64))).toHaveLength(86);
  });

  it('refuses standard base64 and padding', () => {
    expect(() => fromBase64Url('+/8=')).toThrow(TypeError);
    expect(() => fromBase64Url('YWI=')).toThrow(TypeError);
    expect(() => fromBase64Url('Y W I')).toThrow(TypeError);
  });
});

describe('keys', () => {
  it('creates a P-256 pair whose private key cannot be exported', async () => {
    const pair = await generateKeyPair();
    expect(pair.privateKey.extractable).toBe(false);
    expect(pair.privateKey.usages).toEqual(['sign']);
    expect(pair.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('jwk', pair.privateKey)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('pkcs8', pair.privateKey)).rejects.toThrow();
  });

  it('exports the public key as a minimal JWK and imports it back', async () => {
    const pair = await generateKeyPair();
    const jwk = await exportPublicKey(pair.publicKey);
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(jwk.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(jwk.y).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const imported = await importPublicKey(jwk);
    expect(imported.type).toBe('public');
    expect(await exportPublicKey(imported)).toEqual(jwk);
  });

  it('fingerprints a key stably, whatever the JWK carries besides', async () => {
    const { publicKey } = await makeKeys();
    const fingerprint = await keyFingerprint(publicKey);
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(await keyFingerprint({ ...publicKey })).toBe(fingerprint);
    const reordered = { y: publicKey.y, x: publicKey.x, crv: publicKey.crv, kty: publicKey.kty, ext: true } as unknown as typeof publicKey;
    expect(await keyFingerprint(reordered)).toBe(fingerprint);
    const expected = new Uint8Array(await crypto.subtle.digest('SHA-256', canonicalBytes(publicKey))).slice(0, 8);
    expect(fingerprint).toBe([...expected].map((b) => b.toString(16).padStart(2, '0')).join(''));
    const other = await makeKeys();
    expect(await keyFingerprint(other.publicKey)).not.toBe(fingerprint);
  });
});

describe('signReport / verifyReport', () => {
  it('produces a 64-byte P1363 signature over the canonical JSON', async () => {
    const keys = await makeKeys();
    const report = buildReport(reportInput(keys));
    const signature = await signReport(report, keys.pair.privateKey);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(fromBase64Url(signature)).toHaveLength(64);
    const key = await importPublicKey(keys.publicKey);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, fromBase64Url(signature), canonicalBytes(report))).toBe(
      true,
    );
    expect(await verifyReport(report, signature)).toBe(true);
  });

  it('does not depend on the order of properties', async () => {
    const keys = await makeKeys();
    const report = buildReport(reportInput(keys));
    const signature = await signReport(report, keys.pair.privateKey);
    const reversed = Object.fromEntries(Object.entries(report).reverse()) as typeof report;
    expect(await verifyReport(reversed, signature)).toBe(true);
  });

  it('fails for a report carrying another key, and never throws on garbage', async () => {
    const keys = await makeKeys();
    const other = await makeKeys();
    const report = buildReport(reportInput(keys));
    const signature = await signReport(report, keys.pair.privateKey);
    expect(await verifyReport({ ...report, publicKey: other.publicKey }, signature)).toBe(false);
    expect(await verifyReport(report, 'not base64url!')).toBe(false);
    expect(await verifyReport(report, signature.slice(0, 80))).toBe(false);
    expect(await verifyReport(report, toBase64Url(new Uint8Array(64)))).toBe(false);
    expect(await verifyReport({ ...report, publicKey: { ...report.publicKey, x: 'A'.repeat(43) } }, signature)).toBe(false);
  });
});
