/** The storage budget's settings from the environment; off unless the operator sets one. */
import type { StorageLimits } from './storage-budget';

const MB = 1024 * 1024;

/** `false` when no limit is set; throws one message naming every bad variable. */
export function loadStorageBudget(env: NodeJS.ProcessEnv = process.env): StorageLimits | false {
  const errors: string[] = [];
  const int = (name: string, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return 0;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > max) {
      errors.push(`${name} must be a whole number from 0 (off) to ${max}, got "${raw}"`);
      return 0;
    }
    return value;
  };
  const databaseMb = int('STORAGE_MAX_DATABASE_MB', 100_000_000);
  const perDay = int('STORAGE_MAX_REPORTS_PER_DAY', 1_000_000_000);
  const perNetwork = int('STORAGE_MAX_NETWORK_REPORTS_PER_DAY', 1_000_000_000);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const limits: StorageLimits = {
    ...(databaseMb > 0 && { maxDatabaseBytes: databaseMb * MB }),
    ...(perDay > 0 && { maxReportsPerDay: perDay }),
    ...(perNetwork > 0 && { maxNetworkReportsPerDay: perNetwork }),
  };
  return Object.keys(limits).length > 0 ? limits : false;
}

/** For the start-up line. */
export function describeStorageBudget(limits: StorageLimits | false): string {
  if (!limits) return 'off (STORAGE_MAX_DATABASE_MB, STORAGE_MAX_REPORTS_PER_DAY, STORAGE_MAX_NETWORK_REPORTS_PER_DAY)';
  const parts = [
    limits.maxDatabaseBytes && `database at most ${Math.round(limits.maxDatabaseBytes / MB)} MB`,
    limits.maxReportsPerDay && `${limits.maxReportsPerDay} reports/day`,
    limits.maxNetworkReportsPerDay && `${limits.maxNetworkReportsPerDay} reports/day per network`,
  ].filter(Boolean);
  return parts.join(', ');
}
