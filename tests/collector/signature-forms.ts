/** Other spellings of the same key and signature, as an attacker would write them. */
import { fromBase64Url, toBase64Url } from '../../utils/protocol/signing';
import type { PublicKeyJwk } from '../../utils/protocol/report-schema';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 43 base64url characters carry 258 bits for 256: the last one has two spare bits, set here to `spare`. */
export function withSpareBits(coordinate: string, spare: number): string {
  const last = ALPHABET.indexOf(coordinate.at(-1)!);
  return coordinate.slice(0, -1) + ALPHABET[(last & ~3) | (spare & 3)];
}

/** All 16 spellings of a P-256 public key (4 of x times 4 of y), the canonical one first. */
export function keySpellings(jwk: PublicKeyJwk): PublicKeyJwk[] {
  const out: PublicKeyJwk[] = [];
  for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) out.push({ ...jwk, x: withSpareBits(jwk.x, a), y: withSpareBits(jwk.y, b) });
  return out;
}

/** The order of P-256's base point. */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const toBig = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const toBytes32 = (n: bigint) => Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));

/** (r, s) → (r, n − s): the other signature ECDSA accepts for the same message and key. */
export function otherS(signature: string): string {
  const raw = fromBase64Url(signature);
  const s = toBig(raw.subarray(32));
  const out = new Uint8Array(64);
  out.set(raw.subarray(0, 32));
  out.set(toBytes32(P256_N - s), 32);
  return toBase64Url(out);
}

export function isHighS(signature: string): boolean {
  return toBig(fromBase64Url(signature).subarray(32)) > P256_N / 2n;
}
