import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOMAINS, generateCorpus, makePng, MAX_PAGE_BYTES, MIN_PAGE_BYTES, seededRandom, type Corpus } from '../../bench/corpus';
import { readPng } from './png-reader';

const fingerprint = (corpus: Corpus) => {
  const hash = createHash('sha256');
  for (const [url, resource] of [...corpus.resources].sort(([a], [b]) => a.localeCompare(b)))
    hash.update(url).update(resource.type).update(resource.body);
  return hash.digest('hex');
};

let corpus: Corpus;
beforeAll(() => {
  corpus = generateCorpus({ seed: 1 });
});

describe('generateCorpus', () => {
  it('gives the same bytes for the same seed and different ones for another seed', () => {
    expect(fingerprint(generateCorpus({ seed: 1 }))).toBe(fingerprint(corpus));
    expect(fingerprint(generateCorpus({ seed: 2 }))).not.toBe(fingerprint(corpus));
  });

  it('has at least 40 pages on distinct hosts under reserved example domains', () => {
    expect(corpus.pages.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.pages.map((p) => p.host)).size).toBe(corpus.pages.length);
    for (const url of corpus.resources.keys()) {
      const host = new URL(url).hostname;
      expect(
        CORPUS_DOMAINS.some((d) => host.endsWith(`.${d}`)),
        host,
      ).toBe(true);
    }
  });

  it('keeps every page, with all it loads, between 20 and 600 KB, and spreads the sizes', () => {
    for (const page of corpus.pages) {
      const total = page.resources.reduce((sum, url) => sum + corpus.resources.get(url)!.body.length, 0);
      expect(total).toBe(page.bytes);
      expect(page.bytes, page.url).toBeGreaterThanOrEqual(MIN_PAGE_BYTES);
      expect(page.bytes, page.url).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    }
    const sizes = corpus.pages.map((p) => p.bytes);
    expect(Math.min(...sizes)).toBeLessThan(60 * 1024);
    expect(Math.max(...sizes)).toBeGreaterThan(300 * 1024);
  });

  it('references from each document exactly the resources it lists, all of which exist', () => {
    for (const page of corpus.pages) {
      const html = corpus.resources.get(page.url)!.body.toString();
      expect(corpus.resources.get(page.url)!.type).toMatch(/^text\/html/);
      const referenced = [...html.matchAll(/(?:src|href)="(https:\/\/[^"]+)"/g)]
        .map((m) => m[1]!)
        .filter((u) => corpus.resources.has(u) && u !== page.url);
      expect(new Set(referenced)).toEqual(new Set(page.resources.slice(1)));
      expect(page.images).toBeGreaterThanOrEqual(2);
      expect(html.match(/<img /g)?.length).toBe(page.images);
      expect(html).toMatch(/<link rel="stylesheet" href="https:/);
      expect(html).toMatch(/<script defer src=/);
      expect(html).toMatch(/<script>document\.addEventListener/);
    }
  });

  it('serves real images and scripts that parse', () => {
    let pngs = 0;
    let svgs = 0;
    for (const [url, { type, body }] of corpus.resources) {
      if (type === 'image/png') {
        const png = readPng(body);
        expect(png.pixels.length, url).toBe((png.width * 3 + 1) * png.height);
        pngs++;
      } else if (type === 'image/svg+xml') {
        expect(body.toString()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
        svgs++;
      } else if (type === 'text/javascript') {
        expect(() => new Script(body.toString(), { filename: url })).not.toThrow();
      }
    }
    expect(pngs).toBeGreaterThan(corpus.pages.length);
    expect(svgs).toBeGreaterThan(0);
  });
});

describe('makePng', () => {
  it('lands near the requested size with more pixels than bytes, as a photo does', () => {
    for (const bytes of [4_000, 40_000, 200_000]) {
      const { body, width, height } = makePng(seededRandom(bytes), bytes);
      expect(body.length).toBeGreaterThan(bytes * 0.7);
      expect(body.length).toBeLessThan(bytes * 1.3);
      expect(width * height * 3).toBeGreaterThan(body.length * 2);
    }
  });
});
