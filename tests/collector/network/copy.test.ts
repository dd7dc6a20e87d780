/** Moving to PostgreSQL (npm run collector:copy) keeps the network each report was delivered from. */
import { describe, expect, it, vi } from 'vitest';
import { copyReports } from '../../../collector/copy';
import { openPgliteStore } from '../../../collector/store';
import { makeReporter } from '../fixtures';

vi.setConfig({ testTimeout: 60_000 });

describe('copyReports', () => {
  it('copies receivedNetwork with the report, and the network it counts on follows', async () => {
    const [from, to] = await Promise.all([openPgliteStore(), openPgliteStore()]);
    try {
      const reporter = await makeReporter();
      const kcell = { asn: 29355, name: 'Kcell JSC', cc: 'KZ' };
      const plain = await reporter.signed();
      const named = await reporter.signed({ network: { asn: 21299, name: 'Kar-Tel LLC', cc: 'KZ' } });
      await from.insertMany([plain, named].map((e) => ({ ...e, keyFingerprint: 'k', receivedNetwork: kcell })));
      expect((await copyReports(from, to)).copied).toBe(2);
      const copied = new Map((await to.list()).map((r) => [r.id, r]));
      expect(copied.get(plain.report.id)).toMatchObject({ receivedNetwork: kcell, network: kcell, networkSource: 'received' });
      expect(copied.get(named.report.id)).toMatchObject({ receivedNetwork: kcell, network: { asn: 21299 }, networkSource: 'report' });
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  });
});
