import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { othersStatus } from '../../../utils/pipeline/others-status';
import { updateSettings } from '../../../utils/storage/settings';
import { fakeNetwork, json } from '../../support/network';
import type { TabInfo } from '../../../utils/ui-api/views';

const ENDPOINT = 'https://collector.example.org/bw';
const tab = (url: string, incognito = false) => ({ getTab: async (id: number): Promise<TabInfo> => ({ id, url, incognito }) });
const summary = (blocked = 0, down = 0) => ({
  blocked: { networks: blocked, countries: blocked ? ['KZ'] : [], reporters: blocked * 3 },
  downEverywhere: { networks: down, reporters: down * 3 },
  outage: { networks: 0, reporters: 0 },
});
const answer = (days: number, s: ReturnType<typeof summary>) =>
  json({
    host: 'news.example.kz',
    days,
    minReporters: 3,
    from: '2026-05-19T13:00:00Z',
    to: '2026-05-20T13:00:00Z',
    networks: [],
    summary: s,
  });

beforeEach(async () => {
  fakeBrowser.reset();
  await updateSettings({ endpoint: ENDPOINT });
});

describe('othersStatus', () => {
  it('asks the public status of the tab’s host for the last day, and links to its page', async () => {
    const net = fakeNetwork(null, (url) => answer(Number(url.searchParams.get('days')), summary(2)));
    expect(await othersStatus(1, tab('https://news.example.kz/story?id=1'), net.fetch)).toEqual({
      state: 'known',
      host: 'news.example.kz',
      days: 1,
      minReporters: 3,
      ...summary(2),
      statusUrl: `${ENDPOINT}/status/news.example.kz`,
    });
    // Only the host: never the path or query of the page.
    expect(net.requests).toEqual([`GET ${ENDPOINT}/v1/public/sites/news.example.kz?days=1`]);
  });

  it('looks at the last 30 days when the last day has nothing to show', async () => {
    const net = fakeNetwork(null, (url) => (url.searchParams.get('days') === '1' ? answer(1, summary()) : answer(30, summary(1))));
    const status = await othersStatus(1, tab('https://news.example.kz/'), net.fetch);
    expect(status).toMatchObject({ state: 'known', days: 30, blocked: { networks: 1 } });
    expect(net.requests).toHaveLength(2);
  });

  it('says when the collector does not publish a status, or could not be asked', async () => {
    const missing = fakeNetwork(null, () => json({ error: 'not found' }, 404));
    expect(await othersStatus(1, tab('https://news.example.kz/'), missing.fetch)).toEqual({ state: 'unavailable', reason: 'not-offered' });
    const down = fakeNetwork(null, () => 'net::ERR_CONNECTION_REFUSED');
    expect(await othersStatus(1, tab('https://news.example.kz/'), down.fetch)).toEqual({ state: 'unavailable', reason: 'unreachable' });
    const odd = fakeNetwork(null, () => json({ host: 'news.example.kz', summary: 'lots' }));
    expect(await othersStatus(1, tab('https://news.example.kz/'), odd.fetch)).toEqual({ state: 'unavailable', reason: 'unreachable' });
  });

  it('asks nobody without an endpoint, for a browser page, or in a private window', async () => {
    const net = fakeNetwork(null, () => answer(1, summary(1)));
    expect(await othersStatus(1, tab('https://news.example.kz/', true), net.fetch)).toEqual({
      state: 'unavailable',
      reason: 'not-reportable',
    });
    expect(await othersStatus(1, tab('chrome://settings/'), net.fetch)).toEqual({ state: 'unavailable', reason: 'not-reportable' });
    await updateSettings({ endpoint: null });
    expect(await othersStatus(1, tab('https://news.example.kz/'), net.fetch)).toEqual({ state: 'unavailable', reason: 'no-endpoint' });
    expect(net.requests).toEqual([]);
  });
});
