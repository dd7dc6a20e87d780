import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, loadConfig } from '../../collector/config';

describe('loadConfig', () => {
  it('has defaults an organisation can start with', () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      dataDir: 'collector/data',
      databaseUrl: undefined,
      token: undefined,
      trustProxy: 0,
      rateLimits: DEFAULT_RATE_LIMITS,
      poolSize: 10,
      control: true,
      network: { networkLookup: true, publicStatus: false, publicMinReporters: 3 },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/srv/blockwatch',
      DATABASE_URL: 'postgres://bw:secret@db.example:5432/blockwatch',
      COLLECTOR_TOKEN: 'a'.repeat(32),
      TRUST_PROXY: '1',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '30',
      RATE_LIMIT_KEY_PER_HOUR: '200',
      DATABASE_POOL_SIZE: '4',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/srv/blockwatch',
      databaseUrl: 'postgres://bw:secret@db.example:5432/blockwatch',
      token: 'a'.repeat(32),
      trustProxy: 1,
      rateLimits: { addressPerMinute: 30, keyPerHour: 200 },
      poolSize: 4,
    });
    expect(loadConfig({ RATE_LIMITS: 'off' }).rateLimits).toBe(false);
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      loadConfig({
        PORT: 'eighty',
        COLLECTOR_TOKEN: 'short',
        DATABASE_URL: 'mysql://x',
        RATE_LIMIT_KEY_PER_HOUR: '10',
        RATE_LIMITS: 'maybe',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('PORT must be an integer');
    expect(message).toContain('COLLECTOR_TOKEN must be at least 16 characters');
    expect(message).toContain('DATABASE_URL must start with postgres://');
    // Fewer than one full batch per hour would lock every reporter out.
    expect(message).toContain('RATE_LIMIT_KEY_PER_HOUR must be an integer from 50');
    expect(message).toContain('RATE_LIMITS must be "on" or "off"');
  });

  it('offers the control measurement unless CONTROL=off, and names a bad value', () => {
    expect(loadConfig({ CONTROL: 'off' }).control).toBe(false);
    expect(loadConfig({ CONTROL: 'on' }).control).toBe(true);
    expect(() => loadConfig({ CONTROL: 'maybe' })).toThrow(/CONTROL must be "on" or "off"/);
  });
});
