import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueServerCert, makeCa, trustedRoots, trustInProfile } from '../support/firefox/certs';
import { INTERCEPTION_ROOT_SUBJECT } from '../support/firefox/scenario';
import { matchInterception } from '../../utils/blockpage/interception';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blockwatch-certs-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('test roots', () => {
  it('issue server certificates that chain to them, for the named hosts only', async () => {
    const root = await makeCa(dir, 'root', '/O=Blockwatch tests/CN=Blockwatch Test Root');
    const server = await issueServerCert(dir, root, 'server', ['healthy.test', 'slow.test']);
    const [leaf, sent] = server.cert
      .toString()
      .split(/(?<=-----END CERTIFICATE-----\n)/)
      .map((pem) => new X509Certificate(pem));
    const rootCert = new X509Certificate(root.cert);
    expect(leaf!.verify(rootCert.publicKey)).toBe(true);
    expect(leaf!.ca).toBe(false);
    expect(rootCert.ca).toBe(true);
    expect(sent!.fingerprint256).toBe(rootCert.fingerprint256);
    expect(leaf!.checkHost('slow.test')).toBe('slow.test');
    expect(leaf!.checkHost('other.test')).toBeUndefined();
  });

  it('the interception root carries a recorded interception issuer’s name', async () => {
    const root = await makeCa(dir, 'interception', INTERCEPTION_ROOT_SUBJECT);
    const subject = new X509Certificate(root.cert).subject.split('\n').reverse().join(',');
    expect(matchInterception([subject])?.fingerprint).toBe('kz.qaznet-trust-network');
  });

  it('are trusted in a new profile’s certificate database', async () => {
    const a = await makeCa(dir, 'first-root', '/CN=First');
    const b = await makeCa(dir, 'second-root', '/CN=Second');
    const profile = await mkdtemp(join(dir, 'profile-'));
    await trustInProfile(profile, [a, b]);
    expect((await trustedRoots(profile)).sort()).toEqual(['first-root', 'second-root']);
  });
});
