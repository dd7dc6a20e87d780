import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { ICON_DIR, ICON_SIZES, ICON_SOURCE, renderIcon } from '../../scripts/icons';

const svg = readFileSync(ICON_SOURCE, 'utf8');

/** The 16 px icon as RGBA pixels, as the toolbar shows it. */
function pixelsAt16() {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: 16 } }).render();
  const at = (x: number, y: number) => {
    const i = (y * 16 + x) * 4;
    return [...image.pixels.subarray(i, i + 4)] as [number, number, number, number];
  };
  return { at };
}

const luminance = ([r, g, b]: number[]) => {
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
};
const contrast = (a: number[], b: number[]) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('icons', () => {
  it('every size in public/icon is the current rendering of assets/icon.svg', () => {
    for (const size of ICON_SIZES) {
      const committed = readFileSync(resolve(ICON_DIR, `${size}.png`));
      expect(committed.equals(renderIcon(svg, size)), `public/icon/${size}.png is stale: run npm run icons`).toBe(true);
    }
  });

  it('renders each size square at exactly that size', () => {
    for (const size of ICON_SIZES) {
      const png = renderIcon(svg, size);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('reads at 16 px: a dark pupil inside a white eye on a blue tile, with strong contrast', () => {
    const { at } = pixelsAt16();
    const pupil = at(7, 8);
    const white = at(3, 8);
    const tile = at(8, 1);
    expect(white[3]).toBe(255);
    expect(contrast(white, pupil)).toBeGreaterThan(7);
    expect(contrast(white, tile)).toBeGreaterThan(4.5);
    // The tile is blue, not red: the red badge of a blocked tab must stand out against it.
    expect(tile[2]).toBeGreaterThan(tile[0] + 100);
    // Rounded corners: the toolbar's own colour shows there.
    expect(at(0, 0)[3]).toBeLessThan(160);
  });
});
