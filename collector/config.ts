import { MAX_BATCH_REPORTS } from '../utils/protocol/report-schema';
import { loadNetworkConfig, type NetworkConfig } from './network/config';

export interface RateLimits {
  /** Report submissions (requests) per address per minute. */
  addressPerMinute: number;
  /** Reports per reporter key per hour. */
  keyPerHour: number;
  /** Failed read-side logins per address per 10 minutes. */
  authFailuresPer10Minutes: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  addressPerMinute: 120,
  // A browser that was offline for days may hold hundreds of queued reports: let them through at once.
  keyPerHour: 1000,
  authFailuresPer10Minutes: 20,
};

export const MIN_TOKEN_LENGTH = 16;

export interface CollectorConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  token?: string;
  trustProxy: number;
  rateLimits: RateLimits | false;
  poolSize: number;
  /** Offer POST /v1/control: a fetch of a public URL from this machine, for reporters to compare with. */
  control: boolean;
  /** Network lookups and the public status (network/config.ts). */
  network: NetworkConfig;
}

/** Reads the collector's settings from the environment; throws one message naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  const errors: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      errors.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const port = int('PORT', 8787, 0, 65535);
  const trustProxy = int('TRUST_PROXY', 0, 0, 10);
  const poolSize = int('DATABASE_POOL_SIZE', 10, 1, 100);
  const rateLimitsOff = env.RATE_LIMITS === 'off';
  if (env.CONTROL !== undefined && env.CONTROL !== '' && env.CONTROL !== 'on' && env.CONTROL !== 'off') {
    errors.push(`CONTROL must be "on" or "off", got "${env.CONTROL}"`);
  }
  if (env.RATE_LIMITS !== undefined && env.RATE_LIMITS !== '' && !rateLimitsOff && env.RATE_LIMITS !== 'on') {
    errors.push(`RATE_LIMITS must be "on" or "off", got "${env.RATE_LIMITS}"`);
  }
  const rateLimits: RateLimits = {
    addressPerMinute: int('RATE_LIMIT_ADDRESS_PER_MINUTE', DEFAULT_RATE_LIMITS.addressPerMinute, 1, 1_000_000),
    // At least one full batch, or a reporter could never send one.
    keyPerHour: int('RATE_LIMIT_KEY_PER_HOUR', DEFAULT_RATE_LIMITS.keyPerHour, MAX_BATCH_REPORTS, 10_000_000),
    authFailuresPer10Minutes: DEFAULT_RATE_LIMITS.authFailuresPer10Minutes,
  };

  const token = env.COLLECTOR_TOKEN || undefined;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    errors.push(`COLLECTOR_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32)`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    errors.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const network = loadNetworkConfig(env, errors);

  if (errors.length > 0) throw new Error(errors.join('\n'));
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: env.DATA_DIR || 'collector/data',
    databaseUrl,
    token,
    trustProxy,
    rateLimits: rateLimitsOff ? false : rateLimits,
    poolSize,
    control: env.CONTROL !== 'off',
    network,
  };
}
