import { describe, expect, it } from 'vitest';
import { matchStatus } from '../../utils/fingerprints';

describe('matchStatus', () => {
  it('recognises HTTP 451 as a block page', () => {
    expect(matchStatus(451)).toEqual({ fingerprint: 'http-451', source: 'status' });
  });

  it.each([undefined, 200, 403, 404, 450, 452, 500])('finds nothing in status %s', (status) => {
    expect(matchStatus(status)).toBeNull();
  });
});
