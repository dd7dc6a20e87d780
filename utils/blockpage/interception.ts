/**
 * HTTPS interception by a state-issued root. Firefox lets an extension read the certificate chain
 * of a connection (webRequest.getSecurityInfo); a chain that runs through a known interception
 * authority is reported as tls_mitm with that issuer named. Chromium exposes no chain: there a
 * certificate error is classified by net-errors.ts alone.
 */

export interface InterceptionIssuer {
  id: string;
  /** Matched against each certificate's subject and issuer common name / organisation. */
  name: string;
  country: string;
  source: string;
}

export const INTERCEPTION_ISSUERS: readonly InterceptionIssuer[] = [
  {
    // The 2019 national "security certificate" users were told to install.
    id: 'kz.qaznet-trust-network',
    name: 'Qaznet Trust Network',
    country: 'KZ',
    source: 'https://censoredplanet.org/kazakhstan',
  },
  {
    // The intermediates of the December 2020 Nur-Sultan interception and later ones.
    id: 'kz.information-security-certification-authority',
    name: 'Information Security Certification Authority',
    country: 'KZ',
    source: 'https://blog.mozilla.org/netpolicy/2020/12/18/kazakhstan-root-2020/',
  },
];

export interface InterceptionMatch {
  fingerprint: string;
  issuer: string;
  country: string;
  source: string;
}

/** The part of Firefox's SecurityInfo this module reads. */
export interface SecurityInfoLike {
  state?: string;
  certificates?: { subject?: string; issuer?: string }[];
}

/** Every subject and issuer name in the chain, leaf first. */
export function chainNames(info: SecurityInfoLike | undefined): string[] {
  if (!info?.certificates) return [];
  return info.certificates.flatMap((c) => [c.issuer, c.subject]).filter((n): n is string => typeof n === 'string' && n !== '');
}

/** The distinguished name's attribute values, so "CN=Qaznet Trust Network,O=..." matches by name. */
function attributeValues(dn: string): string[] {
  return dn.split(/,(?=\s*[A-Za-z.0-9]+=)/).map((part) =>
    part
      .replace(/^\s*[A-Za-z.0-9]+=/, '')
      .replace(/^"|"$/g, '')
      .trim(),
  );
}

export function matchInterception(names: readonly string[] | undefined): InterceptionMatch | null {
  for (const dn of names ?? []) {
    const values = attributeValues(dn).map((v) => v.toLowerCase());
    const known = INTERCEPTION_ISSUERS.find((i) => values.includes(i.name.toLowerCase()));
    if (known) return { fingerprint: known.id, issuer: dn.slice(0, 200), country: known.country, source: known.source };
  }
  return null;
}
