import { describe, expect, it } from 'vitest';
import { createApp } from '../../collector/app';
import { joinPageHtml, pickLanguage, shownEndpoint } from '../../collector/join';
import type { ReportStore } from '../../collector/store';
import { endpointFromJoinPage, JOIN_BUTTON_ID, JOIN_META_NAME } from '../../utils/ui-api/join-link';

const noStore = { description: 'unused' } as unknown as ReportStore;

describe('GET /join', () => {
  it('serves the join page: the marker Blockwatch looks for, its button, the address, and no script', async () => {
    const res = await createApp(noStore).request('http://127.0.0.1:8787/join');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain(`<meta name="${JOIN_META_NAME}"`);
    expect(html).toContain(`id="${JOIN_BUTTON_ID}"`);
    expect(html).toContain('<code id="endpoint">http://127.0.0.1:8787</code>');
    expect(html).not.toMatch(/<script/i);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the address it shows is the one Blockwatch derives from the page', async () => {
    const html = await (await createApp(noStore).request('http://127.0.0.1:8787/join')).text();
    const shown = /<code id="endpoint">([^<]+)<\/code>/.exec(html)![1];
    expect(shown).toBe(endpointFromJoinPage('http://127.0.0.1:8787/join'));
  });

  it('speaks the reader’s language', async () => {
    const app = createApp(noStore);
    const ru = await (await app.request('/join', { headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' } })).text();
    expect(ru).toContain('<html lang="ru">');
    expect(ru).toContain('Использовать этот сборщик в Blockwatch');
    const kk = await (await app.request('/join', { headers: { 'accept-language': 'kk' } })).text();
    expect(kk).toContain('Бұл жинаушыны Blockwatch-та қолдану');
  });

  it('escapes what the request supplies: a hostile Host header cannot add markup', () => {
    const html = joinPageHtml('en', 'https://x"><script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#34;&#62;&#60;script&#62;');
  });
});

describe('pickLanguage', () => {
  it('takes the first language the page has, by preference', () => {
    expect(pickLanguage('de-DE,de;q=0.9,ru;q=0.8,en;q=0.5')).toBe('ru');
    expect(pickLanguage('en;q=0.4,kk;q=0.9')).toBe('kk');
    expect(pickLanguage('ru;q=0,en')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
    expect(pickLanguage('fr')).toBe('en');
  });
});

describe('shownEndpoint', () => {
  it('keeps a path prefix and drops /join', () => {
    expect(shownEndpoint('http://reports.example.org/blockwatch/join', undefined, 0)).toBe('http://reports.example.org/blockwatch');
  });

  it('believes X-Forwarded-Proto only behind a proxy of ours', () => {
    expect(shownEndpoint('http://reports.example.org/join', 'https', 1)).toBe('https://reports.example.org');
    expect(shownEndpoint('http://reports.example.org/join', 'https', 0)).toBe('http://reports.example.org');
    expect(shownEndpoint('http://reports.example.org/join', 'javascript', 1)).toBe('http://reports.example.org');
  });
});
