import { describe, expect, it } from 'vitest';
import { TIMING_ATTRIBUTE, timedScript } from '../../bench/content-script-in-page';

describe('timedScript', () => {
  it('runs the built script unchanged and then writes how long it took onto the page', () => {
    const attributes = new Map<string, string>();
    const page = { documentElement: { setAttribute: (name: string, value: string) => attributes.set(name, value) } };
    const ran: string[] = [];
    const run = new Function('document', 'performance', 'ran', timedScript("ran.push('built script');"));
    let clock = 10;
    run(page, { now: () => (clock += 2.5) }, ran);
    expect(ran).toEqual(['built script']);
    expect(attributes.get(TIMING_ATTRIBUTE)).toBe('2.5');
  });

  it('keeps a script whose last line is a bare expression, as the built one ends, a statement of its own', () => {
    const script = timedScript('var blockpageScan = (function () { return 1; })();\nblockpageScan');
    expect(() => new Function('document', 'performance', script)).not.toThrow();
  });
});
