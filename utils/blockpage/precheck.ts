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

/** A URL's host, every parent domain of it, its first three path parts and its file name: the keys of the URL table. */
export function urlKeys(url: string): string[] {
  const m = /^\s*(?:[a-z][\w+.-]*:)?\/\/(\[[0-9a-f:.]+\]|[^/?#:]+)(?::\d+)?/i.exec(url);
  const keys: string[] = [];
  if (m) {
    const host = m[1]!.toLowerCase().replace(/\.$/, '');
    keys.push(host);
    for (let at = host.indexOf('.'); at >= 0 && host.indexOf('.', at + 1) >= 0; at = host.indexOf('.', at + 1))
      keys.push(host.slice(at + 1));
  }
  // A relative URL (`/block.php?u=…`) has only its path. Recorded paths are a filter's own
  // directory or file; a long path costs no more than a short one: parts are cut out, not split.
  let path = m ? url.slice(m.index + m[0].length) : url.trim();
  const end = path.search(/[?#]/);
  if (end >= 0) path = path.slice(0, end);
  let from = 0;
  for (let part = 0; part < 3 && from < path.length; part++) {
    while (path[from] === '/') from++;
    const to = path.indexOf('/', from);
    const piece = path.slice(from, to < 0 ? path.length : to);
    if (piece.length >= 4) keys.push(piece.toLowerCase());
    if (to < 0) return keys;
    from = to + 1;
  }
  const file = path.slice(path.lastIndexOf('/') + 1);
  if (file.length >= 4 && from < path.length) keys.push(file.toLowerCase());
  return keys;
}

/** A text node or title as a whole, for short vague patterns ("Access Denied") that are only telling alone. */
export const nodeKey = (text: string) => `\u0001${text.toLowerCase().replace(/\s+/g, ' ').trim()}`;

/**
 * A set of 32-bit hashes (`count:base64`): the sorted hashes as little-endian 32-bit words, read
 * into an array by the browser in one call. It runs cold on every short page, so there is no
 * decoding loop to pay for (a tighter coding, Golomb-Rice, took a third of the worst page's scan to
 * decode), and full hashes make a false match rarer than one in ten million look-ups.
 */
export interface HashSet {
  values: Uint32Array;
}

type Base64Reader = { fromBase64?: (text: string) => Uint8Array };

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function bytesOf(base64: string): Uint8Array {
  const native = (Uint8Array as unknown as Base64Reader).fromBase64?.(base64);
  if (native) return native;
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function decodeSet(coded: string): HashSet {
  const [count = '0', base64 = ''] = coded.split(':');
  const n = Number(count);
  const bytes = bytesOf(base64);
  if (bytes.length !== n * 4) throw new Error(`a hash set of ${n} keys holds ${bytes.length} bytes`);
  if (LITTLE_ENDIAN) return { values: new Uint32Array(bytes.buffer, bytes.byteOffset, n) };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return { values: Uint32Array.from({ length: n }, (_, i) => view.getUint32(i * 4, true)) };
}

/** Binary search of the hash. */
export function inSet(set: HashSet, h: number): boolean {
  const v = h >>> 0;
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
  strong: HashSet;
  weak: HashSet;
  access: HashSet;
  nospace: { test(text: string): boolean };
}

/** Each table is decoded when first needed: a page that shows a blocking word never decodes the fingerprints'. */
let words: HashSet | null = null;
let urls: HashSet | null = null;
let phrases: RegExp | null | undefined;
let stemSets: StemSets | null = null;
const wordSet = () => (words ??= decodeSet(PRECHECK_WORDS));
const urlSet = () => (urls ??= decodeSet(PRECHECK_URLS));
// Without the `i` flag, whose Unicode case tables cost more to compile than these scripts need:
// phrases are lower case and tested on lower-cased text; Thai, Burmese, Khmer and Chinese have no case.
const phraseExpression = () => (phrases === undefined ? (phrases = PRECHECK_PHRASES ? new RegExp(PRECHECK_PHRASES, 'u') : null) : phrases);
const stemTables = () =>
  (stemSets ??= {
    strong: decodeSet(STEMS_STRONG),
    weak: decodeSet(STEMS_WEAK),
    access: decodeSet(STEMS_ACCESS),
    nospace: lazyExpression(NOSPACE_ANY),
  });

function lazyExpression(source: string): { test(text: string): boolean } {
  let compiled: RegExp | null = null;
  return { test: (text) => (compiled ??= new RegExp(source, 'u')).test(text) };
}

const STEM_CHARS = 24;

/**
 * Whether a text says "blocked" in words (vocabulary.ts, CANDIDATE_STEMS): a word, or two words,
 * beginning with a strong stem; or one word with a weak stem and another with an access stem.
 * Every beginning of every word is looked up as one running hash, so the cost is one step a character.
 */
/** Thai, Lao, Burmese, Khmer, CJK: scripts whose phrases are tested as they are, not by word. */
const NOSPACE_SCRIPT = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff]/;

export function saysBlocked(text: string, stems: StemSets = stemTables()): boolean {
  // The phrase expression is only compiled for a page written in one of those scripts.
  if (NOSPACE_SCRIPT.test(text) && stems.nospace.test(text)) return true;
  const w = wordsOf(text);
  const weak: number[] = [];
  const access: number[] = [];
  for (let i = 0; i < w.length; i++) {
    let h = 0x811c9dc5;
    const word = w[i]!;
    const next = w[i + 1];
    // The word's beginnings, then (for two-word strong stems) the word, a space and the next one's.
    const length = Math.min(STEM_CHARS, word.length + (next ? next.length + 1 : 0));
    for (let c = 0; c < length; c++) {
      const code = c < word.length ? word.charCodeAt(c) : c === word.length ? 32 : next!.charCodeAt(c - word.length - 1);
      h = Math.imul(h ^ code, 0x01000193);
      if (c < 1) continue;
      const key = h >>> 0;
      if (inSet(stems.strong, key)) return true;
      if (c >= word.length) continue; // past the first word: only two-word strong stems
      if (weak.at(-1) !== i && inSet(stems.weak, key)) weak.push(i);
      if (access.at(-1) !== i && inSet(stems.access, key)) access.push(i);
    }
    if (weak.some((a) => access.some((b) => a !== b))) return true;
  }
  return false;
}

/** FNV-1a continued over more text: hash32(a + b) === hashOn(hash32(a), b), without building a + b. */
function hashOn(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Whether texts of the page (title, visible text, comments, …) or its short nodes hold a recorded sign. */
export function textHint(texts: readonly string[], nodes: readonly string[] = []): boolean {
  const t = { words: wordSet(), phrases: phraseExpression() };
  for (const node of nodes) if (node.length <= 120 && inSet(t.words, hash32(nodeKey(node)))) return true;
  for (const text of texts) {
    if (t.phrases?.test(text.toLowerCase())) return true;
    // The keys of wordKeys(), hashed as they run: one, two and three words.
    const w = wordsOf(text);
    for (let i = 0; i < w.length; i++) {
      let h = hash32(w[i]!);
      if (inSet(t.words, h)) return true;
      for (let n = 1; n <= 2 && i + n < w.length; n++) {
        h = hashOn(hashOn(h, ' '), w[i + n]!);
        if (inSet(t.words, h)) return true;
      }
    }
  }
  return false;
}

export function urlHint(list: readonly string[]): boolean {
  const set = urlSet();
  for (const url of list) for (const key of urlKeys(url)) if (inSet(set, hash32(key))) return true;
  return false;
}
