// @vitest-environment happy-dom
/**
 * Holds the figures docs/detection.md states for both corpora ("How well it works"): a change that
 * makes detection report a page it should not, or miss one it found, fails here first.
 */
import { describe, expect, it } from 'vitest';
import { figures, first, heldout } from '../../scripts/blockpage-corpus/measure';
import { HELDOUT_NEGATIVES, HELDOUT_POSITIVES } from '../fixtures/blockpages-heldout';

describe('the held-out corpus', () => {
  it('is what the docs describe: named pages, each saying what the control sees', () => {
    const all = [...HELDOUT_POSITIVES, ...HELDOUT_NEGATIVES];
    expect(HELDOUT_POSITIVES.length).toBe(46);
    expect(HELDOUT_NEGATIVES.length).toBe(37);
    expect(new Set(all.map((p) => p.name)).size).toBe(all.length);
    for (const p of all) expect(p.control === 'same' || (p.control.bytes > 0 && p.control.status >= 100), p.name).toBe(true);
    expect(HELDOUT_NEGATIVES.filter((p) => p.denial === 'cdn_waf').length).toBeGreaterThanOrEqual(6);
  });
});

describe('precision and recall as documented', () => {
  it('on the first corpus: every block page, nothing else, with a control or served with an error status', async () => {
    for (const [withControl, errorStatus] of [
      [true, undefined],
      [false, 403],
    ] as const) {
      const f = await figures(first, withControl, errorStatus);
      expect(f.falsePositives).toEqual([]);
      expect(f.missed).toEqual([]);
    }
  });

  it("without a control, leaves a page served as the site's own to the control: its words alone report nothing", async () => {
    for (const corpus of [first, heldout]) {
      const f = await figures(corpus, false);
      expect(f.falsePositives).toEqual([]);
      // Only pages with proof beyond their words: HTTP 451 or a recorded fingerprint.
      expect(f.truePositives).toBe(1);
    }
  });

  it('on the held-out corpus without a control, served with HTTP 403: 35 of 46, one false report', async () => {
    const f = await figures(heldout, false, 403);
    expect(f.truePositives).toBe(35);
    expect(f.falsePositives).toEqual(['ru-law-firm (heuristic.ru)']);
  });

  it('on the held-out corpus with a control: 41 of 46, no false report', async () => {
    const f = await figures(heldout, true);
    expect(f.truePositives).toBe(41);
    expect(f.falsePositives).toEqual([]);
    expect(f.missed).toEqual(['tr-stopped', 'de-domain', 'ps-bare', 'und-image-notice', 'und-frameset-block-host']);
  });
});
