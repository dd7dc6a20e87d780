import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from '../../bench/png';
import { readPng } from './png-reader';

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('encodePng', () => {
  it('writes a PNG whose rows decode back to the pixels given', () => {
    const rgb = new Uint8Array(3 * 2 * 3).map((_, i) => i * 7);
    const { width, height, colourType, pixels } = readPng(encodePng(3, 2, rgb));
    expect([width, height, colourType]).toEqual([3, 2, 2]);
    expect(pixels[0]).toBe(0);
    expect([...pixels.subarray(1, 10)]).toEqual([...rgb.subarray(0, 9)]);
    expect([...pixels.subarray(11, 20)]).toEqual([...rgb.subarray(9, 18)]);
  });

  it('refuses pixel data of the wrong length', () => {
    expect(() => encodePng(2, 2, new Uint8Array(5))).toThrow(/expected 12 bytes/);
  });
});
