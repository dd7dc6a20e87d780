import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { loadSettings, updateSettings } from '../../utils/storage/settings';
import { DEFAULT_CANARIES, DEFAULT_DOH_RESOLVER, DEFAULT_SETTINGS, checkEndpoint } from '../../utils/storage/settings-rules';

describe('checkEndpoint', () => {
  it.each([
    ['https://collector.example.org', 'https://collector.example.org'],
    ['https://collector.example.org/', 'https://collector.example.org'],
    ['  https://collector.example.org/base/  ', 'https://collector.example.org/base'],
    ['https://collector.example.org/base///', 'https://collector.example.org/base'],
    ['HTTPS://Collector.Example.ORG:8443/', 'https://collector.example.org:8443'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
    ['http://127.0.0.1:8787/', 'http://127.0.0.1:8787'],
  ])('accepts %s as %s', (input, value) => {
    expect(checkEndpoint(input)).toEqual({ ok: true, value });
  });

  it('allows plain http only for localhost and 127.0.0.1', () => {
    for (const input of ['http://collector.example.org', 'http://10.0.0.5:8787', 'http://localhost.example.org', 'http://[::1]:8787']) {
      const result = checkEndpoint(input);
      expect(result.ok, input).toBe(false);
      if (!result.ok) expect([result.code, result.error]).toEqual(['http', expect.stringMatching(/https:\/\//)]);
    }
  });

  it('rejects other schemes', () => {
    const result = checkEndpoint('ftp://collector.example.org');
    expect(result).toEqual({ ok: false, code: 'scheme', error: expect.stringMatching(/must start with https/) });
  });

  it('rejects empty input and text that is not a URL', () => {
    expect(checkEndpoint('   ')).toEqual({ ok: false, code: 'empty', error: expect.stringMatching(/Enter the address/) });
    expect(checkEndpoint('collector example org')).toEqual({
      ok: false,
      code: 'not-url',
      error: expect.stringMatching(/not a web address/),
    });
  });

  it('rejects credentials, query and fragment', () => {
    expect(checkEndpoint('https://user:secret@collector.example.org')).toEqual({
      ok: false,
      code: 'credentials',
      error: expect.stringMatching(/user name or password/),
    });
    expect(checkEndpoint('https://user@collector.example.org')).toEqual({
      ok: false,
      code: 'credentials',
      error: expect.stringMatching(/user name or password/),
    });
    expect(checkEndpoint('https://collector.example.org/?token=1')).toEqual({
      ok: false,
      code: 'query',
      error: expect.stringMatching(/\? or #/),
    });
    expect(checkEndpoint('https://collector.example.org/#x')).toEqual({
      ok: false,
      code: 'query',
      error: expect.stringMatching(/\? or #/),
    });
  });
});

describe('settings storage', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('loads the defaults when nothing is stored', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ endpoint: null, autoDetect: true, urlDetail: 'origin', allowPrivateWindows: false });
  });

  it('fills missing fields of stored settings with the defaults', async () => {
    await fakeBrowser.storage.local.set({ settings: { autoSend: false } });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, autoSend: false });
  });

  it('falls back to the defaults when stored settings are invalid', async () => {
    await fakeBrowser.storage.local.set({ settings: { probeTimeoutMs: 'soon' } });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('stores a normalised endpoint and keeps the other settings', async () => {
    await updateSettings({ urlDetail: 'path' });
    const result = await updateSettings({ endpoint: 'https://collector.example.org/' });
    expect(result).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, urlDetail: 'path', endpoint: 'https://collector.example.org' } });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, urlDetail: 'path', endpoint: 'https://collector.example.org' });
  });

  it('refuses an invalid endpoint with the reason and stores nothing', async () => {
    const result = await updateSettings({ endpoint: 'http://collector.example.org' });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/https:\/\//) });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses out-of-range values', async () => {
    expect((await updateSettings({ probeTimeoutMs: 10 })).ok).toBe(false);
    expect((await updateSettings({ probeTimeoutMs: 120_000 })).ok).toBe(false);
    expect((await updateSettings({ probeTimeoutMs: 1500.5 })).ok).toBe(false);
    expect((await updateSettings({ urlDetail: 'full' as never })).ok).toBe(false);
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('clears the endpoint with null', async () => {
    await updateSettings({ endpoint: 'https://collector.example.org' });
    const result = await updateSettings({ endpoint: null });
    expect(result).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect((await loadSettings()).endpoint).toBeNull();
  });
});

describe('settings of the outage and DNS checks', () => {
  beforeEach(() => fakeBrowser.reset());

  it('default to a public DoH resolver and the built-in canaries, all https', () => {
    expect(DEFAULT_SETTINGS.dohResolver).toBe(DEFAULT_DOH_RESOLVER);
    expect(new URL(DEFAULT_DOH_RESOLVER).protocol).toBe('https:');
    expect(DEFAULT_SETTINGS.canaries).toEqual([...DEFAULT_CANARIES]);
  });

  it('can be switched off: no resolver, no canaries', async () => {
    const result = await updateSettings({ dohResolver: null, canaries: [] });
    expect(result).toMatchObject({ ok: true, settings: { dohResolver: null, canaries: [] } });
  });

  it('refuses a resolver or canary that is not https, and too many canaries', async () => {
    expect(await updateSettings({ dohResolver: 'http://dns.example.net/dns-query' })).toMatchObject({ ok: false });
    expect(await updateSettings({ canaries: ['ftp://canary.example/'] })).toMatchObject({ ok: false });
    expect(await updateSettings({ canaries: Array.from({ length: 11 }, (_, i) => `https://c${i}.example/`) })).toMatchObject({ ok: false });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
