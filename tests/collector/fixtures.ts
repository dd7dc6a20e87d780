import { randomUUID } from 'node:crypto';
import type { Report } from '../../utils/protocol/report-schema';
import { exportPublicKey, generateKeyPair, signReport } from '../../utils/protocol/signing';

export interface SignedEntry {
  report: Report;
  signature: string;
}

/** A reporter with a real P-256 key pair, making valid reports unless told otherwise. */
export async function makeReporter() {
  const keys = await generateKeyPair();
  const publicKey = await exportPublicKey(keys.publicKey);

  function report(overrides: Record<string, unknown> = {}): Report {
    return {
      v: 1,
      id: randomUUID(),
      createdAt: new Date().toISOString(),
      url: 'https://example.kz/',
      host: 'example.kz',
      trigger: 'auto',
      verdict: { kind: 'timeout', confirmed: true },
      evidence: { navigationError: 'net::ERR_TIMED_OUT', probe: { error: 'net::ERR_TIMED_OUT', ms: 3000, timedOut: true } },
      client: { name: 'blockwatch', version: '0.1.0', browser: 'chrome 130' },
      publicKey,
      ...overrides,
    } as Report;
  }

  /** Signs whatever it is given, so invalid reports can carry a correct signature too. */
  async function sign(value: Report): Promise<SignedEntry> {
    return { report: value, signature: await signReport(value, keys.privateKey) };
  }

  async function signed(overrides: Record<string, unknown> = {}): Promise<SignedEntry> {
    return sign(report(overrides));
  }

  return { publicKey, report, sign, signed };
}

export type Reporter = Awaited<ReturnType<typeof makeReporter>>;
