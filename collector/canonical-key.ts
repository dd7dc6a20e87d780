/**
 * One spelling per key. A P-256 coordinate is 32 bytes, written in 43 base64url characters that
 * carry 258 bits: the last character's two spare bits make 4 spellings of x and 4 of y. The
 * collector names a key by its decoded point, so 16 spellings are one reporter, one allowance.
 */
import type { PublicKeyJwk } from '../utils/protocol/report-schema';
import { fromBase64Url, toBase64Url } from '../utils/protocol/signing';

/** The key with each coordinate decoded and re-encoded; null when one is not 32 bytes of base64url. */
export function canonicalPublicKey(jwk: PublicKeyJwk): PublicKeyJwk | null {
  const x = coordinate(jwk.x);
  const y = coordinate(jwk.y);
  return x === null || y === null ? null : { kty: jwk.kty, crv: jwk.crv, x, y };
}

function coordinate(text: string): string | null {
  try {
    const bytes = fromBase64Url(text);
    return bytes.length === 32 ? toBase64Url(bytes) : null;
  } catch {
    return null;
  }
}
