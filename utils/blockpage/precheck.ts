/**
 * The content script's look-up of recorded fingerprints, without shipping the database to every
 * page: precheck-data.ts (generated from data/fingerprints.json by scripts/blockpage-precheck/)
 * holds coded sets of hashes of one distinctive run of words per recorded page text (or of the
 * whole text, for short vague ones), of the hosts and path parts recorded pages link or frame to,
 * and a few phrases in scripts written without spaces.
 * A hit only makes the page a candidate; the background matches the recorded rows themselves.
 */
import { PRECHECK_PHRASES, PRECHECK_URLS, PRECHECK_WORDS, STEMS_ACCESS, STEMS_STRONG, STEMS_WEAK } from './precheck-data';
import { NOSPACE_ANY } from './vocabulary';

/** FNV-1a over UTF-16 code units: the same function makes the tables and reads the page. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Words as the tables were made: letters, marks and digits, lower case. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** Runs of one to three words, joined by one space: the keys of the word table. */
export function wordKeys(text: string): string[] {
  const w = wordsOf(text);
  const keys: string[] = [];
  for (let i = 0; i < w.length; i++) {
    keys.push(w[i]!);
    if (i + 1 < w.length) keys.push(`${w[i]} ${w[i + 1]}`);
    if (i + 2 < w.length) keys.push(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  }
  return keys;
}

/** A URL's host, every parent domain of it, and its path segments: the keys of the URL table. */
export function urlKeys(url: string): string[] {
  const m = /^(?:[a-z][\w+.-]*:)?\/\/(\[[0-9a-f:.]+\]|[^/?#:]+)(?::\d+)?([^?#]*)/i.exec(url.trim());
  const keys: string[] = [];
  if (m) {
    const host = m[1]!.toLowerCase().replace(/\.$/, '');
    keys.push(host);
    for (let at = host.indexOf('.'); at >= 0 && host.indexOf('.', at + 1) >= 0; at = host.indexOf('.', at + 1)) keys.push(host.slice(at + 1));
  }
  // A relative URL (`/block.php?u=…`) has only its path.
  const path = m ? (m[2] ?? '') : (/^[^?#]*/.exec(url.trim())?.[0] ?? '');
  for (const part of path.toLowerCase().split('/')) if (part.length >= 4) keys.push(part);
  return keys;
}

/** A text node or title as a whole, for short vague patterns ("Access Denied") that are only telling alone. */
export const nodeKey = (text: string) => `\u0001${text.toLowerCase().replace(/\s+/g, ' ').trim()}`;

/**
 * A Golomb-Rice coded set (`count:bits:range:base64`): the sorted hashes, each reduced modulo
 * the range (keys × 2^bits), stored as gaps (the quotient in unary, then `bits` bits). About bits + 1.5 bits a
 * key instead of 32, for one false match in 2^bits look-ups.
 */
export interface CodedSet {
  values: Uint32Array;
  range: number;
}

export function decodeSet(coded: string): CodedSet {
  const [count = '0', bitsText = '0', range = '0', base64 = ''] = coded.split(':');
  const n = Number(count);
  const bits = Number(bitsText);
  const bytes = atob(base64);
  const values = new Uint32Array(n);
  let at = 0;
  const bit = () => (bytes.charCodeAt(at >> 3) >> (7 - (at++ & 7))) & 1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    let q = 0;
    while (bit()) q++;
    let r = 0;
    for (let b = 0; b < bits; b++) r = r * 2 + bit();
    value += q * 2 ** bits + r;
    values[i] = value;
  }
  return { values, range: Number(range) || 1 };
}

/** Binary search of the reduced hash. */
export function inSet(set: CodedSet, h: number): boolean {
  const v = h % set.range;
  let lo = 0;
  let hi = set.values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = set.values[mid]!;
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export interface StemSets {
  strong: CodedSet;
  weak: CodedSet;
  access: CodedSet;
  nospace: RegExp;
}

let tables: { words: CodedSet; urls: CodedSet; phrases: RegExp | null; stems: StemSets } | null = null;
const loaded = () =>
  (tables ??= {
    words: decodeSet(PRECHECK_WORDS),
    urls: decodeSet(PRECHECK_URLS),
    phrases: PRECHECK_PHRASES ? new RegExp(PRECHECK_PHRASES, 'iu') : null,
    stems: { strong: decodeSet(STEMS_STRONG), weak: decodeSet(STEMS_WEAK), access: decodeSet(STEMS_ACCESS), nospace: new RegExp(NOSPACE_ANY, 'iu') },
  });

const STEM_CHARS = 24;

/**
 * Whether a text says "blocked" in words (vocabulary.ts, CANDIDATE_STEMS): a word, or two words,
 * beginning with a strong stem; or one word with a weak stem and another with an access stem.
 * Every beginning of every word is looked up as one running hash, so the cost is one step a character.
 */
export function saysBlocked(text: string, stems: StemSets = loaded().stems): boolean {
  if (stems.nospace.test(text)) return true;
  const w = wordsOf(text);
  const weak: number[] = [];
  const access: number[] = [];
  for (let i = 0; i < w.length; i++) {
    let h = 0x811c9dc5;
    const word = i + 1 < w.length ? `${w[i]} ${w[i + 1]}` : w[i]!;
    for (let c = 0; c < word.length && c < STEM_CHARS; c++) {
      h = Math.imul(h ^ word.charCodeAt(c), 0x01000193);
      if (c < 1) continue;
      const key = h >>> 0;
      if (inSet(stems.strong, key)) return true;
      if (c >= w[i]!.length) continue; // past the first word: only two-word strong stems
      if (weak.at(-1) !== i && inSet(stems.weak, key)) weak.push(i);
      if (access.at(-1) !== i && inSet(stems.access, key)) access.push(i);
    }
    if (weak.some((a) => access.some((b) => a !== b))) return true;
  }
  return false;
}

/** Whether texts of the page (title, visible text, comments, …) or its short nodes hold a recorded sign. */
export function textHint(texts: readonly string[], nodes: readonly string[] = []): boolean {
  const t = loaded();
  for (const node of nodes) if (node.length <= 120 && inSet(t.words, hash32(nodeKey(node)))) return true;
  for (const text of texts) {
    if (t.phrases?.test(text)) return true;
    for (const key of wordKeys(text)) if (inSet(t.words, hash32(key))) return true;
  }
  return false;
}

export function urlHint(urls: readonly string[]): boolean {
  const t = loaded();
  for (const url of urls) for (const key of urlKeys(url)) if (inSet(t.urls, hash32(key))) return true;
  return false;
}
