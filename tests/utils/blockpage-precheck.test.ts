import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_ROWS } from '../../utils/blockpage/fingerprint-data';
import { decodeSet, hash32, inSet, saysBlocked, textHint, urlHint, urlKeys, wordKeys } from '../../utils/blockpage/precheck';
import * as data from '../../utils/blockpage/precheck-data';
import {
  buildPrecheck,
  encodeSet,
  encodeStems,
  literalParts,
  urlKey,
  visibleText,
  wordCandidates,
} from '../../scripts/blockpage-precheck/select';

const root = join(import.meta.dirname, '../..');
const sha256 = (path: string) =>
  createHash('sha256')
    .update(readFileSync(join(root, path)))
    .digest('hex');

describe('hash32 and the coded sets', () => {
  it('is FNV-1a over UTF-16 code units', () => {
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
    expect(hash32('foobar')).toBe(0xbf9cf968);
  });

  it('finds every key it was made of, and few it was not', () => {
    const keys = Array.from({ length: 300 }, (_, i) => hash32(`key ${i}`));
    const set = decodeSet(encodeSet(keys));
    for (const k of keys) expect(inSet(set, k)).toBe(true);
    const strangers = Array.from({ length: 20_000 }, (_, i) => hash32(`stranger ${i}`)).filter((h) => inSet(set, h)).length;
    // 20,000 look-ups among 300 full 32-bit hashes: about 0.0014 false matches expected.
    expect(strangers).toBeLessThan(3);
  });

  it('reads a table through the browser’s own base64 reader where there is one, and alike without it', () => {
    const keys = Array.from({ length: 50 }, (_, i) => hash32(`key ${i}`));
    const coded = encodeSet(keys);
    const reader = Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array };
    const own = Object.getOwnPropertyDescriptor(reader, 'fromBase64');
    const read: string[] = [];
    reader.fromBase64 = (text) => {
      read.push(text);
      return new Uint8Array(Buffer.from(text, 'base64'));
    };
    try {
      expect([...decodeSet(coded).values]).toEqual([...new Set(keys)].sort((a, b) => a - b));
      expect(read).toEqual([coded.split(':')[1]]);
    } finally {
      if (own) Object.defineProperty(reader, 'fromBase64', own);
      else delete reader.fromBase64;
    }
    // Where the browser has none (or in Node), the same table is read by hand.
    expect([...decodeSet(coded).values]).toEqual([...new Set(keys)].sort((a, b) => a - b));
  });

  it('refuses a table whose length does not match its count', () => {
    expect(() => decodeSet(`3:${Buffer.alloc(8).toString('base64')}`)).toThrow(/3 keys holds 8 bytes/);
  });

  it('reads back an empty set as empty', () => {
    const set = decodeSet(encodeSet([]));
    expect(set.values.length).toBe(0);
    expect(inSet(set, 12345)).toBe(false);
  });
});

describe('keys the page is read by', () => {
  it('takes runs of one to three words, lower case, across scripts', () => {
    expect(wordKeys('Доступ к сайту, ОГРАНИЧЕН')).toEqual([
      'доступ',
      'доступ к',
      'доступ к сайту',
      'к',
      'к сайту',
      'к сайту ограничен',
      'сайту',
      'сайту ограничен',
      'ограничен',
    ]);
    expect(wordKeys('यह वेबसाइट')).toEqual(['यह', 'यह वेबसाइट', 'वेबसाइट']);
  });

  it('takes a URL’s host, its parent domains and its path parts, for absolute, relative and mail addresses', () => {
    expect(urlKeys('http://Block.ISP.example.ru:8080/zapret/index.html?u=1')).toEqual([
      'block.isp.example.ru',
      'isp.example.ru',
      'example.ru',
      'zapret',
      'index.html',
    ]);
    expect(urlKeys('/cgi-bin/blockpage.cgi?x')).toEqual(['cgi-bin', 'blockpage.cgi']);
    expect(urlKeys('//[d0::11]/x')).toEqual(['[d0::11]']);
  });

  it('pairs a weak stem with an access stem only from two different words', () => {
    expect(saysBlocked('Access to this site is restricted')).toBe(true);
    expect(saysBlocked('accessible')).toBe(false);
    expect(saysBlocked('This page is restricted')).toBe(true);
    expect(saysBlocked('Сайт заблокирован')).toBe(true);
    expect(saysBlocked('internet positif')).toBe(true);
    expect(saysBlocked('Positive internet')).toBe(false);
  });
});

describe('precheck-data.ts', () => {
  const text = readFileSync(join(root, 'utils/blockpage/precheck-data.ts'), 'utf8');

  it('names the fingerprint file and vocabulary it was generated from, and they are the current ones', () => {
    expect(text).toContain(`data/fingerprints.json sha256 ${sha256('data/fingerprints.json')}`);
    expect(text).toContain(`utils/blockpage/vocabulary.ts sha256 ${sha256('utils/blockpage/vocabulary.ts')}`);
    expect(text).toMatch(/ooni: https:\/\/github\.com\/ooni\/blocking-fingerprints at [0-9a-f]{12}/);
  });

  it('holds exactly what the generator makes of the current rows', () => {
    const built = buildPrecheck(FINGERPRINT_ROWS);
    expect(data.PRECHECK_PHRASES).toBe(built.phrases.join('|'));
    expect(data.PRECHECK_WORDS).toBe(encodeSet(built.words));
    expect(data.PRECHECK_URLS).toBe(encodeSet(built.urls));
    const stems = encodeStems();
    expect([data.STEMS_STRONG, data.STEMS_WEAK, data.STEMS_ACCESS]).toEqual([stems.strong, stems.weak, stems.access]);
    for (const t of built.tokens.filter((t) => t.kind === 'url')) expect(urlHint([`//${t.key}/`]), t.id).toBe(true);
    for (const t of built.tokens.filter((t) => t.kind === 'words')) expect(textHint([t.key!]), t.id).toBe(true);
  });

  it('gives every body row something the content script can see', () => {
    const built = buildPrecheck(FINGERPRINT_ROWS);
    const body = FINGERPRINT_ROWS.filter((r) => r[1] === 'body');
    expect(new Set(built.tokens.map((t) => t.id)).size).toBe(body.length);
  });
});

describe('the generator’s reading of patterns', () => {
  it('drops the partial tags at a pattern’s edges and knows which edge words may be cut', () => {
    expect(visibleText('x">Доступ запрещён</h1><p>Обратитесь в поддер')).toMatchObject({
      text: 'Доступ запрещён Обратитесь в поддер',
      openStart: false,
      openEnd: true,
    });
    expect(visibleText('otal AV Bloccato')).toMatchObject({ openStart: true, openEnd: true });
    expect(visibleText('<title>Internet Positif</title>')).toMatchObject({ text: 'Internet Positif', node: 'Internet Positif' });
  });

  it('chooses whole words only, unless asked to take the edges too', () => {
    const v = visibleText('tidak bisa diakses melalui jaringan ini sesuai peraturan');
    expect(wordCandidates(v)).not.toContain('tidak bisa diakses');
    expect(wordCandidates(v)).toContain('bisa diakses melalui');
    expect(wordCandidates(visibleText('Kaspersky Anti-Virus'), true)).toContain('kaspersky anti');
  });

  it('keys a URL by its host, or by a telling path part when the host is everywhere', () => {
    expect(urlKey('<iframe src="http://warning.rt.ru/?id=1')).toBe('warning.rt.ru');
    expect(urlKey('https://vk.com/blank.php?rkn=1')).toBe('blank.php');
    expect(urlKey('bloqueo.png" alt="Sitio')).toBe('bloqueo.png');
    expect(urlKey('Sorry. Access denied.')).toBeNull();
  });

  it('reads a recorded expression as the text a page shows, its gaps closed', () => {
    const row = FINGERPRINT_ROWS.find((r) => r[3] === 'regexp' && r[4].includes('internet'))!;
    expect(literalParts(row)[0]).toContain('http://www.internet.gov.sa');
  });
});
