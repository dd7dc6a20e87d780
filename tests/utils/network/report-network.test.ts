/** The report names the network its collector saw, signed with the rest; or says it was withheld; or names none. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { suspicionFromError } from '../../../utils/observe/suspicion';
import { forgetNetwork } from '../../../utils/confirm/network-lookup';
import { intakeAutomatic, type PipelineDeps } from '../../../utils/pipeline/pipeline';
import { TabFallbackCheck } from '../../../utils/observe/http-fallback';
import { ProbeTracker } from '../../../utils/confirm/probe';
import { listReports } from '../../../utils/queue/queue';
import { buildReport } from '../../../utils/report/build';
import { SignedReportSchema } from '../../../utils/protocol/report-schema';
import { updateSettings } from '../../../utils/storage/settings';
import { verifyReport } from '../../../utils/protocol/signing';
import { makeKeys, reportInput, resetDb, TEST_CLIENT, withCanariesUp } from '../../support/fixtures';
import { fakeNetwork, json } from '../../support/network';

const ENDPOINT = 'https://collector.example.org';
const KCELL = { asn: 29355, name: 'Kcell JSC', cc: 'KZ' };
let tracker: ProbeTracker;

beforeEach(async () => {
  fakeBrowser.reset();
  await resetDb();
  await forgetNetwork();
  tracker = new ProbeTracker();
});

/** The site resets; the collector names the network and answers nothing else. */
function world() {
  return fakeNetwork(tracker, (url) =>
    url.href === `${ENDPOINT}/v1/network`
      ? json(KCELL)
      : url.origin === ENDPOINT
        ? json({ error: 'not found' }, 404)
        : 'net::ERR_CONNECTION_RESET',
  );
}

function deps(fetchImpl: typeof fetch): PipelineDeps {
  return {
    tracker,
    navigations: new TabFallbackCheck(async () => undefined),
    client: { ...TEST_CLIENT },
    onQueued: vi.fn(),
    isPrivateTab: vi.fn(async () => false),
    fetchImpl: withCanariesUp(fetchImpl),
  };
}

const reset = {
  type: 'main_frame',
  tabId: 3,
  url: 'https://blocked.example.kz/',
  error: 'net::ERR_CONNECTION_RESET',
  timeStamp: Date.now(),
};

describe('the network in a report', () => {
  it('is the network the collector named, signed with the rest of the report', async () => {
    await updateSettings({ endpoint: ENDPOINT });
    const net = world();
    expect((await intakeAutomatic(suspicionFromError(reset), deps(net.fetch)))?.status).toBe('queued');
    const [entry] = await listReports();
    expect(entry!.signed.report.network).toEqual(KCELL);
    expect(SignedReportSchema.safeParse(entry!.signed).success).toBe(true);
    expect(await verifyReport(entry!.signed.report, entry!.signed.signature)).toBe(true);
    expect(await verifyReport({ ...entry!.signed.report, network: { ...KCELL, asn: 9198 } }, entry!.signed.signature)).toBe(false);
    expect(net.requests.filter((r) => r.endsWith('/v1/network'))).toEqual([`GET ${ENDPOINT}/v1/network`]);
  });

  it('says it was withheld when the user chose so, and the collector is not asked', async () => {
    await updateSettings({ endpoint: ENDPOINT, withholdNetwork: true });
    const net = world();
    await intakeAutomatic(suspicionFromError(reset), deps(net.fetch));
    expect((await listReports())[0]!.signed.report.network).toEqual({ asn: null, name: null, cc: null });
    expect(net.requests.filter((r) => r.endsWith('/v1/network'))).toEqual([]);
  });

  it('is left out when there is no endpoint, or the collector could not say', async () => {
    const keys = await makeKeys();
    expect(buildReport(reportInput(keys))).not.toHaveProperty('network');
    await updateSettings({ endpoint: ENDPOINT });
    const down = fakeNetwork(tracker, () => 'net::ERR_CONNECTION_RESET');
    await intakeAutomatic(suspicionFromError(reset), deps(down.fetch));
    expect((await listReports())[0]!.signed.report).not.toHaveProperty('network');
  });
});
