/**
 * How often the background ran for each kind of event since its worker started, in memory only.
 * It is how the page-load benchmark checks that healthy pages cost no dispatch at all; the
 * counts leave the worker only when someone with access to it (a debugger, a test) reads them.
 */
export type Activity = Record<string, number>;

const counts: Activity = {};

/** Wraps a listener so each call is counted under `name`. */
export function counted<A extends unknown[], R>(name: string, listener: (...args: A) => R): (...args: A) => R {
  return (...args: A) => {
    counts[name] = (counts[name] ?? 0) + 1;
    return listener(...args);
  };
}

/** Counts one outcome, e.g. what a throttling measurement decided and why. */
export function tally(name: string): void {
  counts[name] = (counts[name] ?? 0) + 1;
}

export function activity(): Activity {
  return { ...counts };
}

/** Makes the counts readable from the worker's global scope (`blockwatchActivity()`). */
export function exposeActivity(scope: object = globalThis): void {
  Object.defineProperty(scope, 'blockwatchActivity', { value: activity, configurable: true });
}
