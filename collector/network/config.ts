/**
 * The operator's settings for network lookups and the public status, read from the environment
 * beside the collector's other settings (config.ts); bad values are added to its list of errors.
 */

export interface NetworkConfig {
  /** NETWORK_LOOKUP: name the network of each caller from the installed public data (default on). */
  networkLookup: boolean;
  /** NETWORK_TEST_RANGES: a CSV that maps addresses (loopback too) to networks. For tests only. */
  networkTestRanges?: string;
  /** PUBLIC_STATUS: publish per-site aggregates at /v1/public and /status (default off). */
  publicStatus: boolean;
  /** PUBLIC_MIN_REPORTERS: distinct reporter keys a network needs before it is shown publicly. */
  publicMinReporters: number;
}

export const DEFAULT_PUBLIC_MIN_REPORTERS = 3;

export function loadNetworkConfig(env: NodeJS.ProcessEnv, errors: string[]): NetworkConfig {
  const onOff = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw !== 'on' && raw !== 'off') errors.push(`${name} must be "on" or "off", got "${raw}"`);
    return raw === 'on' ? true : raw === 'off' ? false : fallback;
  };
  const networkLookup = onOff('NETWORK_LOOKUP', true);
  const publicStatus = onOff('PUBLIC_STATUS', false);
  let publicMinReporters = DEFAULT_PUBLIC_MIN_REPORTERS;
  const rawMin = env.PUBLIC_MIN_REPORTERS;
  if (rawMin !== undefined && rawMin !== '') {
    const value = Number(rawMin);
    // Fewer than 2 would publish what one person reported.
    if (!Number.isInteger(value) || value < 2 || value > 1_000_000)
      errors.push(`PUBLIC_MIN_REPORTERS must be an integer from 2 to 1000000, got "${rawMin}"`);
    else publicMinReporters = value;
  }
  const testRanges = env.NETWORK_TEST_RANGES || undefined;
  return {
    networkLookup,
    ...(testRanges !== undefined && { networkTestRanges: testRanges }),
    publicStatus,
    publicMinReporters,
  };
}
