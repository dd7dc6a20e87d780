import { describe, expect, it } from 'vitest';
import { isStale } from '../../bench/build';

describe('isStale', () => {
  it('wants a build when there is none or any source is newer', () => {
    expect(isStale(undefined, [])).toBe(true);
    expect(isStale(1_000, [500, 1_001])).toBe(true);
    expect(isStale(1_000, [500, 1_000])).toBe(false);
  });
});
