/**
 * Chooses, for every recorded body fingerprint, one thing the content script can see cheaply on a
 * page that shows it: the host or path part of a URL the pattern names (a link, a frame, an image),
 * a run of one to three whole words of its visible text (hashed), or, for scripts written without
 * spaces and for patterns too short to have a whole word, the phrase itself. Rows whose text the
 * blocking vocabulary already recognises need nothing. Words shared by many rows are chosen first,
 * so the tables stay small.
 */
import type { FingerprintRow } from '../../utils/blockpage/fingerprint-types';
import { decodeSet, hash32, nodeKey, saysBlocked, urlKeys, wordsOf, type StemSets } from '../../utils/blockpage/precheck';
import { CANDIDATE_STEMS, NOSPACE_ANY } from '../../utils/blockpage/vocabulary';

/** Hosts on every kind of page: a link to them says nothing. */
const GENERIC_HOSTS = new Set([
  'w3.org',
  'www.w3.org',
  'google.com',
  'www.google.com',
  'googleapis.com',
  'ajax.googleapis.com',
  'fonts.googleapis.com',
  'gstatic.com',
  'googletagmanager.com',
  'www.googletagmanager.com',
  'google-analytics.com',
  'www.google-analytics.com',
  'facebook.com',
  'www.facebook.com',
  'twitter.com',
  'x.com',
  'vk.com',
  'youtube.com',
  'www.youtube.com',
  'yandex.ru',
  'mc.yandex.ru',
  'mail.ru',
  'jquery.com',
  'code.jquery.com',
  'cloudflare.com',
  'cdnjs.cloudflare.com',
  'bootstrapcdn.com',
  'microsoft.com',
  'apple.com',
  'mozilla.org',
  'schema.org',
  'instagram.com',
  'wikipedia.org',
  'github.com',
  'ok.ru',
  't.me',
  'linkedin.com',
  'amazon.com',
]);
/** Path parts on every kind of site. */
const GENERIC_PATHS =
  /^(?:index|default|home|main|page|pages|images?|img|css|js|static|assets|error|info|help|logo|favicon|style|styles|script|scripts)(?:\.\w{2,5})?$/i;
/** Words every denial or error page uses: a run of only these says nothing. */
const GENERIC_WORDS = new Set(
  (
    'access denied blocked block blocking page pages site sites website websites web request requested error forbidden the this that to of is are ' +
    'has have been was you your not allowed filter filtering policy url content internet sorry please contact more information for and or by ' +
    'from with in on at it may be can cannot here there reason because been visit trying tried reach view permission alert notification ' +
    'warning message forbidden acceso denegado restringido bloqueado bloqueada bloqueo bloccato bloccata blokiran blokirana zablokowana ' +
    'odmowa accès refusé interdit verboten gesperrt zugriff application'
  ).split(' '),
);

export interface RowToken {
  id: string;
  /** `node`: a short vague text, looked up as a whole title or text node, not inside sentences. */
  kind: 'vocabulary' | 'url' | 'words' | 'phrase' | 'node' | 'empty' | 'frame';
  /** The key hashed into a table, or the phrase. */
  key?: string;
}

export interface Precheck {
  words: number[];
  urls: number[];
  phrases: string[];
  tokens: RowToken[];
}

/** The pattern as a page shows it: a recorded expression with its gaps (`.*`) closed, unescaped. */
export function literalParts(row: FingerprintRow): string[] {
  if (row[3] !== 'regexp') return [row[4]];
  return [row[4].replaceAll('.*', ' ').replace(/\\(.)/g, '$1')];
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  laquo: '«',
  raquo: '»',
  mdash: '—',
  ndash: '–',
  hellip: '…',
};
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, c: string) =>
    c[0] === '#'
      ? String.fromCodePoint(c[1] === 'x' || c[1] === 'X' ? parseInt(c.slice(2), 16) : parseInt(c.slice(1), 10))
      : (ENTITIES[c.toLowerCase()] ?? all),
  );

export interface VisibleText {
  text: string;
  /** The longest run of text between two tags: what a page shows as one text node. */
  node?: string;
  /** Whether the first and last word may be cut: the pattern starts or ends inside a word. */
  openStart: boolean;
  openEnd: boolean;
}

/** What a pattern shows as text: tags and partial tags at its edges dropped, entities decoded. */
export function visibleText(part: string): VisibleText {
  // A comment is read by the scan as a comment node's text.
  const comment = /<!--([\s\S]*?)(?:-->|$)/.exec(part)?.[1];
  if (comment && !part.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim())
    return { text: comment.replace(/\s+/g, ' ').trim(), openStart: false, openEnd: true };
  let t = part;
  // A pattern may start inside a tag ('x">Text') or end inside one ('Text <a').
  const firstOpen = t.indexOf('<');
  const firstClose = t.indexOf('>');
  if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) t = ` ${t.slice(firstClose + 1)}`;
  const lastOpen = t.lastIndexOf('<');
  if (lastOpen >= 0 && t.indexOf('>', lastOpen) < 0) t = `${t.slice(0, lastOpen)} `;
  const closed = [...t.matchAll(/>([^<>]+)</g)].map((m) => decode(m[1]!).replace(/\s+/g, ' ').trim()).filter(Boolean);
  t = decode(t.replace(/<[^>]*>/g, ' '));
  const wordChar = /[\p{L}\p{M}\p{N}]/u;
  return {
    ...(closed.length > 0 && { node: closed.sort((a, b) => b.length - a.length)[0] }),
    text: t.replace(/\s+/g, ' ').trim(),
    openStart: wordChar.test(t[0] ?? ''),
    openEnd: wordChar.test(t.at(-1) ?? ''),
  };
}

const URLISH = /(?:(?:https?:)?\/\/)?((?:[a-z0-9-]+\.)+(?:[a-z]{2,})|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d+)?(\/[^\s"'<>]*)?/gi;

function ipv6Host(literal: string): string {
  try {
    return new URL(`http://${literal}/`).hostname;
  } catch {
    return literal.toLowerCase(); // not an address a browser parses: the page's URL keeps it as written
  }
}

/** A URL key for a pattern that names a host: the host, or its most telling path part when the host is everywhere. */
export function urlKey(part: string): string | null {
  for (const m of part.matchAll(URLISH)) {
    const whole = m[0];
    // As the browser writes it (an IPv6 literal compressed), which is how the page's links come.
    const host = m[1]!.startsWith('[') ? ipv6Host(m[1]!) : m[1]!.toLowerCase();
    // A bare "word.word" in a sentence is not a host unless written as one.
    if (
      !whole.includes('/') &&
      !/^(?:www\.|\d{1,3}(?:\.\d{1,3}){3}$)/.test(host) &&
      !/\.(?:ru|kz|kg|uz|by|ua|id|ir|tr|in|ae|sa|th|vn|cn|kr|com|net|org|info|gov|co\.[a-z]{2}|go\.[a-z]{2})$/.test(host)
    )
      continue;
    // Only the host is sure to be whole: a pattern may stop inside the path. The scan reads a URL's
    // first three path parts (precheck.ts, urlKeys), so a key is one of those.
    const path = (m[2] ?? '')
      .split('/')
      .filter(Boolean)
      .filter((p, i, all) => p.length >= 6 && i < 3 && (i < all.length - 1 || (m[2] ?? '').endsWith('/')) && !GENERIC_PATHS.test(p));
    const keys = urlKeys(`//${host}/`);
    if (!GENERIC_HOSTS.has(host) && !GENERIC_HOSTS.has(keys.at(-1) ?? '')) return host;
    if (path[0]) return path[0].toLowerCase();
  }
  // A file the page loads or links to: an image of the notice, the filter's own script.
  const file = /(?:^|[/"'=\s])([\w-]{3,}\.(?:html?|php|aspx?|jsp|cgi|png|jpe?g|gif|svg))(?=$|[?#"'\s])/i.exec(part)?.[1];
  return file && !GENERIC_PATHS.test(file) ? file.toLowerCase() : null;
}

/** Long enough, or odd enough (digits), to be looked for inside any text without flagging ordinary pages. */
function specific(phrase: string): boolean {
  const weight = [...phrase].reduce(
    (n, c) => n + (/[\u0e00-\u0e7f\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(c) ? 2 : 1),
    0,
  );
  const telling = wordsOf(phrase).some((w) => w.length >= 4 && !GENERIC_WORDS.has(w));
  return (weight >= 12 && telling) || /\d/.test(phrase);
}

/**
 * Runs of one to three whole words that say something, none cut by the pattern's edges — or, with
 * `edges`, touching them too: a pattern cut inside a word then matches only the text it recorded.
 */
export function wordCandidates(v: VisibleText, edges = false): string[] {
  const words = wordsOf(v.text);
  const first = v.openStart && !edges ? 1 : 0;
  const last = words.length - (v.openEnd && !edges ? 1 : 0);
  const out: string[] = [];
  for (let i = first; i < last; i++) {
    for (let n = 1; n <= 3 && i + n <= last; n++) {
      const run = words.slice(i, i + n);
      const telling = run.some((w) => w.length >= 5 && !/^\d+$/.test(w) && !GENERIC_WORDS.has(w)) || run.some((w) => /^\d{6,}$/.test(w));
      const long = run.join(' ').length >= (n === 1 ? 8 : 10);
      if (telling && long) out.push(run.join(' '));
    }
  }
  return out;
}

/** A phrase for a pattern without whole words: its longest letter run, at least 4 characters. */
function phraseOf(v: VisibleText): string | null {
  const runs = v.text.match(/[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}\s-]{2,}[\p{L}\p{M}\p{N}]/gu) ?? [];
  const best = runs.sort((a, b) => b.length - a.length)[0];
  return best && best.length >= 4 ? best.slice(0, 24).trim() : null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');

/** The stems of vocabulary.ts per class, lower case, two-word stems with their space. */
export function stemsOf(kind: 'strong' | 'weak' | 'access'): string[] {
  return Object.values(CANDIDATE_STEMS).flatMap((l) =>
    (l[kind] ?? '')
      .split(' ')
      .filter(Boolean)
      .map((st) => st.replaceAll('_', ' ').toLowerCase()),
  );
}

export function encodeStems(): Record<'strong' | 'weak' | 'access', string> {
  const code = (kind: 'strong' | 'weak' | 'access') => encodeSet(stemsOf(kind).map(hash32));
  return { strong: code('strong'), weak: code('weak'), access: code('access') };
}

export function stemSets(coded = encodeStems()): StemSets {
  return {
    strong: decodeSet(coded.strong),
    weak: decodeSet(coded.weak),
    access: decodeSet(coded.access),
    nospace: new RegExp(NOSPACE_ANY, 'u'),
  };
}

export function buildPrecheck(rows: readonly FingerprintRow[]): Precheck {
  const stems = stemSets();
  const vocabulary = { test: (text: string) => saysBlocked(text, stems) };
  const tokens: RowToken[] = [];
  const wanting: { id: string; candidates: string[]; edged: string[]; fallback: VisibleText }[] = [];
  for (const row of rows) {
    if (row[1] !== 'body') continue;
    const id = row[0];
    if (/^<html>\s*(?:<head>\s*<\/head>\s*)?(?:<body>\s*<\/body>\s*)?<\/html>$/i.test(row[4].trim())) {
      tokens.push({ id, kind: 'empty' });
      continue;
    }
    const parts = literalParts(row);
    // A frame to an address inside the provider's network: the scan's own `private-frame` sign.
    if (parts.some((p) => /(?:src|href)=["']?https?:\/\/(?:10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.)/i.test(p))) {
      tokens.push({ id, kind: 'frame' });
      continue;
    }
    const url = parts.map(urlKey).find((k) => k !== null);
    if (url) {
      tokens.push({ id, kind: 'url', key: url });
      continue;
    }
    // A pattern that is only markup: the names it gives its elements (`<body id="blockpage">`).
    const texts = parts.map(visibleText).map((v) =>
      v.text
        ? v
        : {
            text: [...parts.join(' ').matchAll(/\b(?:id|class)=["']([^"']+)["']/gi)].map((m) => m[1]).join(' '),
            openStart: false,
            openEnd: false,
          },
    );
    if (texts.some((v) => vocabulary.test(v.text))) {
      tokens.push({ id, kind: 'vocabulary' });
      continue;
    }
    const longest = texts.sort((a, b) => b.text.length - a.text.length)[0]!;
    wanting.push({
      id,
      candidates: texts.flatMap((v) => wordCandidates(v)),
      edged: texts.flatMap((v) => wordCandidates(v, true)),
      fallback: longest,
    });
  }

  // Greedy cover: the run shared by most rows still uncovered; ties to longer runs of more words.
  // Whole words first; runs touching a pattern's cut edge only for rows that have nothing else.
  const chosen = new Map<string, string>();
  for (const pick of [
    (w: (typeof wanting)[number]) => w.candidates,
    (w: (typeof wanting)[number]) => (specific(w.fallback.text) ? w.edged : []),
  ]) {
    let open = wanting.filter((w) => !chosen.has(w.id) && pick(w).length > 0);
    while (open.length > 0) {
      const count = new Map<string, number>();
      for (const w of open) for (const c of new Set(pick(w))) count.set(c, (count.get(c) ?? 0) + 1);
      const [best] = [...count.entries()].sort(
        (a, b) => b[1] - a[1] || b[0].split(' ').length - a[0].split(' ').length || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1),
      );
      for (const w of open) if (pick(w).includes(best![0])) chosen.set(w.id, best![0]);
      open = open.filter((w) => !chosen.has(w.id));
    }
  }
  const phrases = new Set<string>();
  for (const w of wanting) {
    const key = chosen.get(w.id);
    if (key) {
      tokens.push({ id: w.id, kind: 'words', key });
      continue;
    }
    const phrase = phraseOf(w.fallback);
    if (phrase && specific(phrase)) {
      phrases.add(escapeRegExp(phrase.toLowerCase()));
      tokens.push({ id: w.id, kind: 'phrase', key: phrase.toLowerCase() });
    } else if (w.fallback.text) {
      tokens.push({ id: w.id, kind: 'node', key: nodeKey(w.fallback.node ?? w.fallback.text) });
    }
  }
  const sortedHashes = (keys: Iterable<string>) => [...new Set([...keys].map(hash32))].sort((a, b) => a - b);
  return {
    words: sortedHashes(tokens.filter((t) => t.kind === 'words' || t.kind === 'node').map((t) => t.key!)),
    urls: sortedHashes(tokens.filter((t) => t.kind === 'url').map((t) => t.key!)),
    phrases: [...phrases].sort(),
    tokens,
  };
}

/** A set of hashes as decodeSet() in precheck.ts reads it: sorted, little-endian 32-bit words. */
export function encodeSet(hashes: readonly number[]): string {
  const values = [...new Set(hashes.map((h) => h >>> 0))].sort((a, b) => a - b);
  const bytes = Buffer.alloc(values.length * 4);
  for (const [i, v] of values.entries()) bytes.writeUInt32LE(v, i * 4);
  return `${values.length}:${bytes.toString('base64')}`;
}
