import { describe, expect, it, vi } from 'vitest';
import { fetchWithoutLocalRedirects, isLocalTarget, isRedirect } from '../../utils/protocol/redirect-guard';

describe('isLocalTarget', () => {
  it.each([
    'http://192.168.1.1/admin',
    'http://10.0.0.1/',
    'http://127.0.0.1:8080/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:192.168.1.1]/',
    'http://[::127.0.0.1]/',
    'http://[::7f00:1]/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://[ff02::1]/',
    'http://[64:ff9b::c0a8:101]/',
    'http://[64:ff9b::5db8:d70e]/',
    'http://router/',
    'http://printer.local/',
    'http://nas.lan/',
    'http://metadata.google.internal/',
    'http://localhost./',
    'https://user:pw@example.org/',
    'file:///etc/passwd',
    'ftp://example.org/',
    'javascript:alert(1)',
    'not a url',
  ])('%s is local (or not the web)', (url) => {
    expect(isLocalTarget(url)).toBe(true);
  });

  it.each(['https://example.org/', 'http://93.184.215.14/', 'http://[2a00:1450:4001::1]/', 'http://warning.rt.ru/?id=1'])(
    '%s is the web',
    (url) => {
      expect(isLocalTarget(url)).toBe(false);
    },
  );
});

describe('isRedirect', () => {
  it('knows a 3xx and the opaque answer to redirect: manual, and not a 304', () => {
    expect(isRedirect(new Response(null, { status: 302 }))).toBe(true);
    expect(isRedirect(new Response(null, { status: 308 }))).toBe(true);
    expect(isRedirect(new Response(null, { status: 304 }))).toBe(false);
    expect(isRedirect(new Response('x', { status: 200 }))).toBe(false);
    expect(isRedirect({ type: 'opaqueredirect', status: 0 } as Response)).toBe(true);
  });
});

const redirect = (location: string, status = 302) => new Response(null, { status, headers: { location } });

describe('fetchWithoutLocalRedirects', () => {
  it('follows public redirects hop by hop, always with redirect: manual', async () => {
    const fetchImpl = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) =>
      String(input) === 'http://site.example/' ? redirect('https://site.example/') : new Response('page', { status: 200 }),
    );
    const hops: string[] = [];
    const out = await fetchWithoutLocalRedirects(
      'http://site.example/',
      { method: 'GET' },
      { fetchImpl: fetchImpl as typeof fetch, onHop: (u) => hops.push(u) },
    );
    expect(out).toMatchObject({ kind: 'response', url: 'https://site.example/', redirects: ['https://site.example/'] });
    expect(hops).toEqual(['https://site.example/']);
    expect(fetchImpl.mock.calls.map(([, init]) => init?.redirect)).toEqual(['manual', 'manual']);
  });

  it('records a redirect into the local network and never fetches it', async () => {
    const fetchImpl = vi.fn(async () => redirect('http://192.168.1.1/cgi-bin/reboot', 307));
    const out = await fetchWithoutLocalRedirects('https://site.example/', {}, { fetchImpl: fetchImpl as typeof fetch });
    expect(out).toEqual({
      kind: 'stopped',
      why: 'local',
      status: 307,
      url: 'https://site.example/',
      redirects: ['http://192.168.1.1/cgi-bin/reboot'],
    });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('takes the Location from the browser when the answer is opaque', async () => {
    const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null } as unknown as Response;
    const fetchImpl = vi.fn(async () => opaque);
    const locationOf = vi.fn(async () => 'http://10.1.1.1/');
    const out = await fetchWithoutLocalRedirects('https://site.example/', {}, { fetchImpl: fetchImpl as typeof fetch, locationOf });
    expect(out).toMatchObject({ kind: 'stopped', why: 'local', redirects: ['http://10.1.1.1/'] });
    expect(out).not.toHaveProperty('status');
    expect(locationOf).toHaveBeenCalledWith('https://site.example/');
    const unknown = await fetchWithoutLocalRedirects('https://site.example/', {}, { fetchImpl: fetchImpl as typeof fetch });
    expect(unknown).toMatchObject({ kind: 'stopped', why: 'unknown', redirects: [] });
  });

  it('stops after the allowed number of hops', async () => {
    let n = 0;
    const fetchImpl = vi.fn(async () => redirect(`https://hop${++n}.example/`));
    const out = await fetchWithoutLocalRedirects('https://start.example/', {}, { fetchImpl: fetchImpl as typeof fetch, maxRedirects: 3 });
    expect(out).toMatchObject({ kind: 'stopped', why: 'too-many' });
    expect(fetchImpl).toHaveBeenCalledTimes(4);
  });
});
