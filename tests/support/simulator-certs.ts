// Test certificates for the censorship simulator, made fresh with the openssl CLI on every run
// so nothing secret or expiring is kept in the repository.
import { execFile } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCert {
  key: Buffer;
  cert: Buffer;
  /** base64 SHA-256 of the DER SubjectPublicKeyInfo: the format of --ignore-certificate-errors-spki-list. */
  spki: string;
}

/** A self-signed EC P-256 certificate valid for `hosts`, written into `dir` under `name`. */
export async function makeSelfSignedCert(dir: string, name: string, hosts: string[]): Promise<TestCert> {
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  await run('openssl', [
    'req',
    '-x509',
    '-nodes',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '7',
    '-subj',
    `/CN=${hosts[0]}`,
    '-addext',
    `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
  ]);
  const [key, cert] = await Promise.all([readFile(keyPath), readFile(certPath)]);
  const der = createPublicKey(cert).export({ type: 'spki', format: 'der' });
  return { key, cert, spki: createHash('sha256').update(der).digest('base64') };
}
