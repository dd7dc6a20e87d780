import { beforeEach, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '../../utils/storage/db';
import { getIdentity, rotateIdentity } from '../../utils/storage/identity';
import { PublicKeySchema } from '../../utils/protocol/report-schema';
import { exportPublicKey, signReport, verifyReport } from '../../utils/protocol/signing';
import { buildReport } from '../../utils/report/build';
import { reportInput, resetDb } from '../support/fixtures';

describe('identity', () => {
  beforeEach(resetDb);

  it('creates one key pair and returns the same key on every call', async () => {
    const first = await getIdentity();
    expect(PublicKeySchema.safeParse(first.publicKey).success).toBe(true);
    const second = await getIdentity();
    expect(second.publicKey).toEqual(first.publicKey);
    expect(await (await getDb()).count('keys')).toBe(1);
  });

  it('keeps the key across a restart', async () => {
    const first = await getIdentity();
    await closeDb();
    expect((await getIdentity()).publicKey).toEqual(first.publicKey);
  });

  it('agrees on one key when two callers ask at once on a fresh install', async () => {
    const [a, b, c] = await Promise.all([getIdentity(), getIdentity(), getIdentity()]);
    expect(b!.publicKey).toEqual(a!.publicKey);
    expect(c!.publicKey).toEqual(a!.publicKey);
    expect((await getIdentity()).publicKey).toEqual(a!.publicKey);
  });

  it('stores a private key that signs but cannot be exported', async () => {
    const identity = await getIdentity();
    expect(identity.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('jwk', identity.privateKey)).rejects.toThrow();
    const stored = await (await getDb()).get('keys', 'current');
    expect(await exportPublicKey(stored!.pair.publicKey)).toEqual(identity.publicKey);
    const report = buildReport(reportInput({ pair: stored!.pair, publicKey: identity.publicKey }));
    expect(await verifyReport(report, await signReport(report, identity.privateKey))).toBe(true);
  });

  it('rotation gives a new key that is kept from then on', async () => {
    const before = await getIdentity();
    const rotated = await rotateIdentity();
    expect(rotated.publicKey).not.toEqual(before.publicKey);
    expect((await getIdentity()).publicKey).toEqual(rotated.publicKey);
    await closeDb();
    expect((await getIdentity()).publicKey).toEqual(rotated.publicKey);
    expect(await (await getDb()).count('keys')).toBe(1);
  });

  it('signs with the rotated key, which the old public key does not verify', async () => {
    const before = await getIdentity();
    const after = await rotateIdentity();
    const report = buildReport(reportInput({ pair: {} as CryptoKeyPair, publicKey: after.publicKey }));
    const signature = await signReport(report, after.privateKey);
    expect(await verifyReport(report, signature)).toBe(true);
    // The same signature does not pass for the old pseudonym.
    expect(await verifyReport({ ...report, publicKey: before.publicKey }, signature)).toBe(false);
  });
});
