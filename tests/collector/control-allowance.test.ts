import { describe, expect, it } from 'vitest';
import { ControlAllowance } from '../../collector/control-allowance';

const options = { perMinute: 5, concurrency: 3, perAddressPerMinute: 2, perAddressConcurrency: 2 };

describe('ControlAllowance', () => {
  it('bounds one address per minute while others still get through', () => {
    let now = 0;
    const allowance = new ControlAllowance({ ...options, now: () => now });
    const a1 = allowance.take('a');
    const a2 = allowance.take('a');
    expect(a1.ok && a2.ok).toBe(true);
    if (a1.ok) a1.release();
    if (a2.ok) a2.release();
    const a3 = allowance.take('a');
    expect(a3).toMatchObject({ ok: false, reason: expect.stringMatching(/this address/) });
    expect(allowance.take('b').ok).toBe(true);
    now = 60_000;
    expect(allowance.take('a').ok).toBe(true);
  });

  it('bounds what one address holds at once, below the global concurrency', () => {
    const allowance = new ControlAllowance({ ...options, perAddressPerMinute: 100 });
    const held = [allowance.take('a'), allowance.take('a')];
    expect(held.every((g) => g.ok)).toBe(true);
    expect(allowance.take('a')).toMatchObject({ ok: false, retryAfter: 1 });
    expect(allowance.take('b').ok).toBe(true);
    // Global concurrency (3) reached: nobody else now.
    expect(allowance.take('c')).toMatchObject({ ok: false, reason: 'too many control measurements' });
    const first = held[0]!;
    if (first.ok) {
      first.release();
      first.release(); // twice is once
    }
    expect(allowance.take('a').ok).toBe(true);
    expect(allowance.take('c').ok).toBe(false);
  });

  it('charges nothing for a refusal', () => {
    const allowance = new ControlAllowance({ ...options, perMinute: 100, perAddressPerMinute: 100, perAddressConcurrency: 1 });
    const first = allowance.take('a');
    for (let i = 0; i < 10; i++) expect(allowance.take('a').ok).toBe(false);
    if (first.ok) first.release();
    expect(allowance.take('a').ok).toBe(true);
  });
});
