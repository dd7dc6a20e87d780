import { inflateSync } from 'node:zlib';
import { expect } from 'vitest';
import { crc32, PNG_SIGNATURE } from '../../bench/png';

/** Splits a PNG into its chunks, checking each CRC the way a decoder does. */
export function readPng(png: Buffer): { width: number; height: number; colourType: number; pixels: Buffer } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  let offset = 8;
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('ascii');
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  expect(ended).toBe(true);
  return {
    width: header!.readUInt32BE(0),
    height: header!.readUInt32BE(4),
    colourType: header![9]!,
    pixels: inflateSync(Buffer.concat(idat)),
  };
}
