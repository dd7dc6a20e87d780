// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { SCAN_TEXT_LIMIT, scanDocument } from '../../utils/blockpage/scan';
import { NEGATIVES } from '../fixtures/blockpages/negatives';
import { POSITIVES } from '../fixtures/blockpages/positives';

function load(html: string): Document {
  document.open();
  document.write(html);
  document.close();
  return document;
}

afterEach(() => load('<html><body></body></html>'));

describe('scanDocument (the content script)', () => {
  it.each(POSITIVES.map((p) => [p.name, p] as const))('flags the block page %s as a candidate', (_name, page) => {
    const signals = scanDocument(load(page.html));
    expect(signals).not.toBeNull();
    expect(signals!.some((s) => s === 'title' || s === 'text')).toBe(true);
  });

  it('passes over long articles without reading them to the end', () => {
    const articles = NEGATIVES.filter((p) => p.name.includes('-article-'));
    for (const page of articles) expect(scanDocument(load(page.html)), page.name).toBeNull();
  });

  it('passes over pages without blocking words', () => {
    expect(scanDocument(load('<html><head><title>Shop</title></head><body><p>Buy a kettle</p></body></html>'))).toBeNull();
  });

  it('ignores words in scripts and styles', () => {
    const html = '<html><head><title>App</title></head><body><script>const m = "Access to this website has been blocked";</script><p>Hello</p></body></html>';
    expect(scanDocument(load(html))).toBeNull();
  });

  it('gives up on an enormous text node, a page of links, and does not enter shadow roots', () => {
    expect(scanDocument(load(`<html><body><p>Сайт заблокирован ${'я'.repeat(SCAN_TEXT_LIMIT * 10)}</p></body></html>`))).toBeNull();
    const links = Array.from({ length: 100 }, (_, i) => `<a href="/${i}">${i}</a>`).join('');
    expect(scanDocument(load(`<html><head><title>Сайт заблокирован</title></head><body>${links}</body></html>`))).toBeNull();
    const doc = load('<html><head><title>Widget</title></head><body><div id="host"></div></body></html>');
    doc.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Access to this website has been blocked</p>';
    expect(scanDocument(doc)).toBeNull();
  });
});
