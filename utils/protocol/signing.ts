import { canonicalBytes } from './canonical-json';
import type { PublicKeyJwk, Report } from './report-schema';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_PARAMS = { name: 'ECDSA', hash: 'SHA-256' } as const;

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The private key is created non-extractable: it can sign, never leave the browser. */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
}

export async function exportPublicKey(key: CryptoKey): Promise<PublicKeyJwk> {
  const jwk = await crypto.subtle.exportKey('jwk', key);
  return { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string };
}

export async function importPublicKey(jwk: PublicKeyJwk): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', { ...jwk, ext: true }, ALGORITHM, true, ['verify']);
}

/** A short, stable name for a key: the first 16 hex digits of SHA-256 over its canonical JWK. */
export async function keyFingerprint(jwk: PublicKeyJwk): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', canonicalBytes({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function signReport(report: Report, privateKey: CryptoKey): Promise<string> {
  const signature = await crypto.subtle.sign(SIGN_PARAMS, privateKey, canonicalBytes(report));
  return toBase64Url(new Uint8Array(signature));
}

/** Checks the signature against the key the report itself carries. Never throws. */
export async function verifyReport(report: Report, signature: string): Promise<boolean> {
  try {
    const sig = fromBase64Url(signature);
    if (sig.length !== 64) return false;
    const key = await importPublicKey(report.publicKey);
    return await crypto.subtle.verify(SIGN_PARAMS, key, sig, canonicalBytes(report));
  } catch {
    return false;
  }
}
