import { describe, expect, it } from 'vitest';
import { chainNames, INTERCEPTION_ISSUERS, matchInterception } from '../../utils/blockpage/interception';

describe('interception issuers', () => {
  it('cites a public source for every issuer', () => {
    for (const issuer of INTERCEPTION_ISSUERS) expect(issuer.source).toMatch(/^https:\/\//);
  });

  it('reads subject and issuer names from a Firefox SecurityInfo', () => {
    const info = {
      state: 'secure',
      certificates: [
        { subject: 'CN=news.example.kz', issuer: 'CN=Information Security Certification Authority,O=ISCA,C=KZ' },
        {
          subject: 'CN=Information Security Certification Authority,O=ISCA,C=KZ',
          issuer: 'CN=Information Security Certification Authority CA',
        },
      ],
    };
    expect(chainNames(info)).toHaveLength(4);
    expect(matchInterception(chainNames(info))).toEqual({
      fingerprint: 'kz.information-security-certification-authority',
      issuer: 'CN=Information Security Certification Authority,O=ISCA,C=KZ',
      country: 'KZ',
      source: expect.stringMatching(/^https:/),
    });
  });

  it('recognises the 2019 root in any attribute, case-insensitively', () => {
    expect(matchInterception(['O=qaznet trust network,CN=Root'])?.fingerprint).toBe('kz.qaznet-trust-network');
  });

  it('finds nothing in ordinary chains or without a chain', () => {
    expect(
      matchInterception(chainNames({ certificates: [{ subject: 'CN=example.org', issuer: "CN=R11,O=Let's Encrypt,C=US" }] })),
    ).toBeNull();
    expect(matchInterception(['CN=Not the Qaznet Trust Network impostor'])).toBeNull();
    expect(chainNames(undefined)).toEqual([]);
    expect(matchInterception(undefined)).toBeNull();
  });
});
