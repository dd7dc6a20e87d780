/** The test support that starts PostgreSQL: it must find the server, or fail saying what to install. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinDir } from '../support/postgres';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'blockwatch-pgbin-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function fakeVersion(version: string): Promise<string> {
  const bin = join(root, 'lib', version, 'bin');
  await mkdir(bin, { recursive: true });
  await Promise.all(['initdb', 'postgres'].map((f) => writeFile(join(bin, f), '')));
  return bin;
}

describe('findPostgresBinDir', () => {
  it('fails with a message that says what to install when there is no server', () => {
    expect(() => findPostgresBinDir({ explicit: undefined, pgConfig: null, versionsRoot: join(root, 'nothing') })).toThrow(
      /PostgreSQL server binaries were not found.*apt-get install -y postgresql.*PG_BINDIR/,
    );
    expect(() =>
      findPostgresBinDir({ explicit: join(root, 'empty'), pgConfig: join(root, 'no-such-pg_config'), versionsRoot: join(root, 'nothing') }),
    ).toThrow(/apt-get install/);
  });

  it('takes the newest Debian version, or the directory it is told', async () => {
    const v9 = await fakeVersion('9');
    const v16 = await fakeVersion('16');
    expect(findPostgresBinDir({ explicit: undefined, pgConfig: null, versionsRoot: join(root, 'lib') })).toBe(v16);
    expect(findPostgresBinDir({ explicit: v9, pgConfig: null, versionsRoot: join(root, 'lib') })).toBe(v9);
  });

  it('finds the server installed on this machine', () => {
    expect(findPostgresBinDir()).toMatch(/bin$/);
  });
});
