import { getDb } from './db';
import { exportPublicKey, generateKeyPair } from '../protocol/signing';
import type { PublicKeyJwk } from '../protocol/report-schema';

/** The installation's signing identity: a pseudonym the user can replace at any time. */
export interface Identity {
  privateKey: CryptoKey;
  publicKey: PublicKeyJwk;
}

const CURRENT = 'current';

export async function getIdentity(): Promise<Identity> {
  const db = await getDb();
  let record = await db.get('keys', CURRENT);
  if (!record) {
    const created = { name: CURRENT, pair: await generateKeyPair(), createdAt: Date.now() };
    // add() fails if a concurrent caller stored a key first; then that key wins.
    await db.add('keys', created).catch(() => undefined);
    record = (await db.get('keys', CURRENT)) ?? created;
  }
  return { privateKey: record.pair.privateKey, publicKey: await exportPublicKey(record.pair.publicKey) };
}

/** A new key pair: reports signed from now on can no longer be linked to earlier ones. */
export async function rotateIdentity(): Promise<Identity> {
  const db = await getDb();
  await db.put('keys', { name: CURRENT, pair: await generateKeyPair(), createdAt: Date.now() });
  return getIdentity();
}
