import { describe, expect, it } from 'vitest';
import { activity, counted, exposeActivity } from '../../utils/pipeline/activity';

describe('activity counts', () => {
  it('counts each call of a wrapped listener under its name, and passes arguments and results through', () => {
    const before = activity()['test.event'] ?? 0;
    const listener = counted('test.event', (a: number, b: number) => a + b);
    expect(listener(2, 3)).toBe(5);
    expect(listener(1, 1)).toBe(2);
    expect(activity()['test.event']).toBe(before + 2);
  });

  it('hands out a copy, and exposes the reader on a scope', () => {
    const snapshot = activity();
    snapshot['test.other'] = 99;
    expect(activity()['test.other']).toBeUndefined();
    const scope = {} as { blockwatchActivity?: () => Record<string, number> };
    exposeActivity(scope);
    expect(scope.blockwatchActivity?.()).toEqual(activity());
  });
});
