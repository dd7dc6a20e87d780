/**
 * Renders the extension's icons from the one source image, `assets/icon.svg`, into
 * `public/icon/<size>.png` (WXT lists them in the manifest). `npm run icons`; a unit test fails
 * when the committed PNGs no longer match the source.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

/** Toolbar (16, 32), extension management (48), Firefox's add-on page (96), the stores (128). */
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;
export const ICON_SOURCE = resolve(import.meta.dirname, '../assets/icon.svg');
export const ICON_DIR = resolve(import.meta.dirname, '../public/icon');

/** One PNG per size; resvg renders the same bytes on every machine, so the output can be compared. */
export function renderIcon(svg: string, size: number): Buffer {
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render();
  if (rendered.width !== size || rendered.height !== size)
    throw new Error(`icon.svg must be square: got ${rendered.width}×${rendered.height} at ${size}`);
  return rendered.asPng();
}

export async function writeIcons(): Promise<string[]> {
  const svg = await readFile(ICON_SOURCE, 'utf8');
  await mkdir(ICON_DIR, { recursive: true });
  const written: string[] = [];
  for (const size of ICON_SIZES) {
    const file = resolve(ICON_DIR, `${size}.png`);
    await writeFile(file, renderIcon(svg, size));
    written.push(file);
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const file of await writeIcons()) console.log(`wrote ${file}`);
}
