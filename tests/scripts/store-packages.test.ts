import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLACEMENTS, withoutCodeGeneration } from '../../scripts/build/no-code-generation';
import { DATA_COLLECTION, firefoxSettings } from '../../scripts/build/firefox-settings';
import { linterProblems, sourcesProblems, SOURCES_REQUIRED } from '../../scripts/store/check-packages';
import { zipEntries } from '../../scripts/store/zip-entries';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
/** The installed file of a package, found the way the bundler finds it. */
const installed = (module: string) => {
  const [name, ...rest] = module.split('/');
  return resolve(dirname(require.resolve(`${name}/package.json`)), ...rest);
};

/** A zip of empty stored files, laid out as the format says: local headers, then the central directory. */
function storedZip(names: string[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(n.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, n);
    offset += 30 + n.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(Buffer.byteLength(comment), 20);
  return Buffer.concat([...locals, directory, end, Buffer.from(comment)]);
}

describe('version scheme', () => {
  it('package.json has a MAJOR.MINOR.PATCH version that every browser accepts in a manifest', () => {
    const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatch(/^(0|[1-9]\d{0,4})\.(0|[1-9]\d{0,4})\.(0|[1-9]\d{0,4})$/);
  });
});

describe('no code generation in the bundles', () => {
  it('rewrites the installed zod and Preact: no Function constructor, no innerHTML assignment left', () => {
    for (const { module } of REPLACEMENTS) {
      const id = installed(module);
      const out = withoutCodeGeneration(id, readFileSync(id, 'utf8'));
      expect(out, module).not.toBeNull();
      expect(out!).not.toMatch(/=\s*Function\s*;|new F\(""\)|\.innerHTML\s*=/);
    }
  });

  it('leaves other modules alone and fails loudly when a library no longer has the expected text', () => {
    expect(withoutCodeGeneration('/x/node_modules/zod/v4/core/schemas.js', 'const F = Function;')).toBeNull();
    expect(() => withoutCodeGeneration('/x/node_modules/zod/v4/core/doc.js?v=1', 'compile() { return 1 }')).toThrow(/found 0/);
  });
});

describe('Firefox settings', () => {
  it('declares what a report transmits, and minimum versions that know the declaration', () => {
    const settings = firefoxSettings();
    expect(settings.gecko.data_collection_permissions).toEqual(DATA_COLLECTION);
    expect(DATA_COLLECTION.required).toContain('browsingActivity');
    expect(DATA_COLLECTION.required).not.toContain('none');
    expect(Number.parseFloat(settings.gecko.strict_min_version)).toBeGreaterThanOrEqual(140);
    expect(Number.parseFloat(settings.gecko_android.strict_min_version)).toBeGreaterThanOrEqual(142);
  });
});

describe('linterProblems', () => {
  const message = (code: string) => ({ code, message: `${code} happened`, file: 'background.js' });

  it('reports every error and every warning that has no explanation', () => {
    const problems = linterProblems(
      { errors: [message('MANIFEST_FIELD_INVALID')], warnings: [message('DANGEROUS_EVAL'), message('KNOWN')], notices: [message('N')] },
      { KNOWN: 'why' },
    );
    expect(problems).toEqual([
      'error MANIFEST_FIELD_INVALID in background.js: MANIFEST_FIELD_INVALID happened',
      'warning DANGEROUS_EVAL in background.js: DANGEROUS_EVAL happened',
    ]);
  });

  it('a clean result has no problems', () => {
    expect(linterProblems({ errors: [], warnings: [], notices: [message('N')] })).toEqual([]);
  });
});

describe('sourcesProblems', () => {
  it('accepts an archive with what rebuilds the extension', () => {
    expect(sourcesProblems([...SOURCES_REQUIRED, 'utils/protocol/report-schema.ts'])).toEqual([]);
  });

  it('names what is missing and what must not be there', () => {
    const problems = sourcesProblems([
      ...SOURCES_REQUIRED.filter((n) => n !== 'package-lock.json'),
      'collector/data/base/1',
      'tests/e2e/x.test.ts',
      '.env',
      'utils/.DS_Store',
    ]);
    expect(problems).toEqual([
      'sources archive lacks package-lock.json',
      'sources archive must not contain collector/data/base/1',
      'sources archive must not contain tests/e2e/x.test.ts',
      'sources archive must not contain .env',
      'sources archive must not contain utils/.DS_Store',
    ]);
  });
});

describe('zipEntries', () => {
  it('lists the names in a zip, with or without an archive comment', () => {
    const names = ['manifest.json', 'icon/16.png', 'entrypoints/welcome/index.html'];
    expect(zipEntries(storedZip(names))).toEqual(names);
    expect(zipEntries(storedZip(names, 'made by a store tool'))).toEqual(names);
  });

  it('refuses what is not a zip', () => {
    expect(() => zipEntries(Buffer.from('not a zip archive, only text that is long enough'))).toThrow(/not a zip/);
  });
});
