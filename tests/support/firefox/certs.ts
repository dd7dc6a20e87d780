// Test certificate authorities for real Firefox, made fresh with the openssl CLI on every run, and
// trusted in a Firefox profile with NSS's certutil, exactly as a user or an administrator would
// install a root. Nothing secret or expiring is kept in the repository.
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestCert } from '../simulator-certs';

const run = promisify(execFile);

export interface TestCa {
  name: string;
  /** The subject as openssl takes it, e.g. "/C=KZ/CN=Qaznet Trust Network". */
  subject: string;
  keyPath: string;
  certPath: string;
  cert: Buffer;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

/** A self-signed root that may issue server certificates. */
export async function makeCa(dir: string, name: string, subject: string): Promise<TestCa> {
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  await run('openssl', [
    'req',
    '-x509',
    '-nodes',
    ...EC_KEY,
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '7',
    '-subj',
    subject,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { name, subject, keyPath, certPath, cert: await readFile(certPath) };
}

/** A server certificate for `hosts` issued by `ca`; `cert` holds the leaf then the root, as a server sends them. */
export async function issueServerCert(dir: string, ca: TestCa, name: string, hosts: string[]): Promise<TestCert> {
  const keyPath = join(dir, `${name}.key.pem`);
  const csrPath = join(dir, `${name}.csr.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  const extPath = join(dir, `${name}.ext`);
  await writeFile(
    extPath,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
    ].join('\n'),
  );
  await run('openssl', ['req', '-new', '-nodes', ...EC_KEY, '-keyout', keyPath, '-out', csrPath, '-subj', `/CN=${hosts[0]}`]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csrPath,
    '-CA',
    ca.certPath,
    '-CAkey',
    ca.keyPath,
    '-days',
    '7',
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-extfile',
    extPath,
    '-out',
    certPath,
  ]);
  const [key, leaf] = await Promise.all([readFile(keyPath), readFile(certPath)]);
  const der = createPublicKey(leaf).export({ type: 'spki', format: 'der' });
  return { key, cert: Buffer.concat([leaf, ca.cert]), spki: createHash('sha256').update(der).digest('base64') };
}

export const CERTUTIL = process.env.CERTUTIL_PATH ?? 'certutil';

/** Creates the profile's certificate database and trusts each root for TLS servers ("C,,"). */
export async function trustInProfile(profileDir: string, roots: TestCa[]): Promise<void> {
  const db = `sql:${profileDir}`;
  await run(CERTUTIL, ['-N', '--empty-password', '-d', db]);
  for (const root of roots) await run(CERTUTIL, ['-A', '-n', root.name, '-t', 'C,,', '-i', root.certPath, '-d', db]);
}

/** The roots the profile trusts, by nickname, as certutil lists them. */
export async function trustedRoots(profileDir: string): Promise<string[]> {
  const { stdout } = await run(CERTUTIL, ['-L', '-d', `sql:${profileDir}`]);
  return stdout
    .split('\n')
    .map((line) => /^(.*?)\s+C,,\s*$/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}
