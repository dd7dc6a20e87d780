/**
 * The content script's scan: the page's title and at most SCAN_TEXT_LIMIT characters of its visible
 * text, read for blocking words and looked up in the compact tables of recorded fingerprints
 * (precheck.ts), plus the hosts the page links and frames to and an
 * HTTP 403. A page with more text than that is not a block page (they are short), so an article
 * stops the scan early; a page with enormous text nodes, endless markup or shadow DOM costs at most
 * SCAN_NODE_LIMIT nodes. Nothing of the page is executed, injected or sent: only the names of the
 * signs found.
 */
import { MAX_BLOCKPAGE_BYTES, MAX_BLOCKPAGE_LINKS, MAX_BLOCKPAGE_TEXT } from './limits';
import { hostSigns } from './page-hosts';
import { saysBlocked, textHint, urlHint } from './precheck';

/** Above the heuristic's own limit, so the background (not this pre-check) has the last word. */
export const SCAN_TEXT_LIMIT = MAX_BLOCKPAGE_TEXT + 500;
/** A page with many times the links a block page has is a site, not a notice. */
export const SCAN_LINK_LIMIT = MAX_BLOCKPAGE_LINKS * 4;
/** Block pages have a few dozen text nodes; a page with hundreds is something else. Each node
 * costs about a microsecond and a half in a cold content script, so this bounds the scan's time. */
export const SCAN_NODE_LIMIT = 500;
/** Block pages have a few dozen elements; a page of hundreds more (a gallery, a feed) is not one. */
export const SCAN_ELEMENT_LIMIT = 400;
/**
 * Addresses looked up in the recorded hosts and files. A block page names a handful (a logo, a style
 * sheet, the regulator, an appeal form); each address is split and hashed, so this bounds the cost
 * of a page made of little else. Twice as many elements are read for the hosts of links and frames.
 */
const SCAN_URL_LIMIT = 24;
const SCAN_EXTRA_CHARS = 2_048;

const HIDDEN_PARENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA']);
const URL_ELEMENTS =
  'a[href],area[href],iframe[src],frame[src],img[src],script[src],link[href],base[href],form[action],embed[src],object[data]';

/** Visible text nodes up to the limit, or null when the page has more (or too many nodes). */
function textNodes(doc: Document): string[] | null {
  const root = doc.body;
  if (!root) return [];
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  let length = 0;
  let nodes = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (++nodes > SCAN_NODE_LIMIT) return null;
    const data = (node as Text).data;
    if (data.length > SCAN_TEXT_LIMIT * 4) return null; // one enormous node: not a short page
    if (HIDDEN_PARENTS.has(node.parentNode?.nodeName ?? '')) continue;
    length += data.length;
    if (length > SCAN_TEXT_LIMIT * 4) return null; // even allowing for markup whitespace
    parts.push(data);
  }
  return parts;
}

/**
 * Whether the page has more than `limit` elements. The browser counts them into a list of its own
 * without handing this script a single node: walking them here instead would wrap every one anew
 * for the script's own copy of the page, which costs more than the count. Asked only of a page
 * whose text was already short.
 */
function moreElementsThan(doc: Document, limit: number): boolean {
  return doc.querySelectorAll('*').length > limit;
}

/** Up to the limit of visible text, or null when the page has more (or too many nodes). */
export function boundedText(doc: Document): string | null {
  const parts = textNodes(doc);
  if (parts === null) return null;
  const text = parts.join(' ').replace(/\s+/g, ' ');
  return text.length > SCAN_TEXT_LIMIT ? null : text;
}

/** Up to `limit` elements matching a selector, without copying a long list first. */
function first(doc: Document, selector: string, limit = SCAN_URL_LIMIT): Element[] {
  const list = doc.querySelectorAll(selector);
  const out: Element[] = [];
  for (let i = 0; i < list.length && i < limit; i++) out.push(list[i]!);
  return out;
}

/** What a short page says besides its visible text, SCAN_EXTRA_CHARS in all: comments, inline scripts, the body's names. */
function hiddenTexts(doc: Document): string[] {
  const out: string[] = [];
  let room = SCAN_EXTRA_CHARS;
  const add = (s: string | null | undefined) => {
    const part = (s ?? '').slice(0, room);
    room -= part.length;
    if (part) out.push(part);
  };
  const comments = doc.createTreeWalker(doc.documentElement, NodeFilter.SHOW_COMMENT);
  for (let c = comments.nextNode(), n = 0; c && n < 20 && room > 0; c = comments.nextNode(), n++) add((c as Comment).data);
  // Of inline scripts only the analytics counters: recorded block pages carry their providers' ids.
  for (const s of Array.from(doc.scripts).slice(0, 8)) {
    if (!s.src)
      add(
        s.text
          .slice(0, SCAN_EXTRA_CHARS)
          .match(/\b(?:UA-\d{4,10}-\d{1,4}|GTM-[A-Z0-9]{4,9}|yaCounter\d{4,12})\b/gi)
          ?.join(' '),
      );
  }
  if (doc.body) add(`${doc.body.id} ${doc.body.className}`);
  return out;
}

interface PageAddresses {
  /** Every address the page names, for the look-up of recorded hosts and files. */
  urls: string[];
  /** Hosts of links and forms, and of frames: for page-hosts.ts. */
  links: string[];
  frames: string[];
  /** What frames load inline (`data:` addresses): part of what the page shows. */
  inline: string[];
}

const hostOf = (u: string) => /^(?:https?:)?\/\/([^/?#:]+)/i.exec(u)?.[1] ?? '';

/** One pass over the page's first elements with an address. */
function pageAddresses(doc: Document): PageAddresses {
  const found: PageAddresses = { urls: [], links: [], frames: [], inline: [] };
  for (const e of first(doc, `${URL_ELEMENTS},meta[http-equiv]`, SCAN_URL_LIMIT * 2)) {
    const tag = e.tagName;
    if (tag === 'META') {
      if (/refresh/i.test(e.getAttribute('http-equiv') ?? '')) found.urls.push((e.getAttribute('content') ?? '').replace(/^[^=]*=\s*/, ''));
      continue;
    }
    const url = e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('data') ?? '';
    if (found.urls.length < SCAN_URL_LIMIT) found.urls.push(url.replace(/^mailto:[^@]*@/i, '//'));
    if (tag === 'A' || tag === 'AREA' || tag === 'FORM') found.links.push(hostOf(url));
    else if (tag === 'IFRAME' || tag === 'FRAME') found.frames.push(hostOf(url));
    if (found.inline.length < 2 && /^(?:I?FRAME|OBJECT|EMBED)$/.test(tag) && /^data:/i.test(url)) {
      found.inline.push(url.replace(/^data:[^,]*,/i, '').slice(0, SCAN_EXTRA_CHARS));
    }
  }
  return found;
}

/** Signs of a recorded fingerprint: its words, a phrase, a host or file it links to, an empty document. */
function fingerprintHint(doc: Document, title: string, text: string, nodes: string[], found: PageAddresses): boolean {
  if (!title && !doc.body?.firstChild && !doc.head?.firstChild) return true;
  const urls = [...found.urls];
  const hidden = hiddenTexts(doc);
  // Addresses written out in the text and in comments: hosts, addresses, e-mail domains, with their paths.
  for (const t of [text, ...hidden])
    for (const m of t.match(/(?:[\w-]+\.)+(?:[a-z]{2,}|\d{1,3})(?::\d+)?(?:\/[^\s"'<>]{0,200})?/gi) ?? []) urls.push(`//${m}`);
  return urlHint(urls) || textHint([title, text, ...found.inline, ...hidden], [title, ...nodes]);
}

/**
 * The signs a block page may be showing, or null for a page that is not a candidate. `status` is
 * the page's HTTP status when known: a 403 on a short page is a sign in any language. `bytes` is
 * the size of its HTML when known: a large document is turned away before a node is read.
 */
export function scanDocument(doc: Document, status?: number, bytes?: number): string[] | null {
  if (bytes !== undefined && bytes > MAX_BLOCKPAGE_BYTES) return null;
  if (!/html/.test(doc.contentType)) return null;
  // Every gate is bounded, and the text first, since it turns away an article soonest: counting a
  // page's elements or links through the document's live collections walks the whole page and
  // leaves the page paying to keep those collections current.
  const nodes = textNodes(doc);
  if (nodes === null) return null;
  if (moreElementsThan(doc, SCAN_ELEMENT_LIMIT)) return null;
  if (doc.querySelectorAll('a[href],area[href]').length > SCAN_LINK_LIMIT) return null;
  const text = nodes.join(' ').replace(/\s+/g, ' ');
  if (text.length > SCAN_TEXT_LIMIT) return null;
  const title = doc.title.slice(0, 300);
  const signals: string[] = [];
  if (saysBlocked(title)) signals.push('title');
  if (saysBlocked(text)) signals.push('text');
  if (status === 403) signals.push('status');
  const found = pageAddresses(doc);
  signals.push(...hostSigns(doc.location?.hostname ?? '', found.links, found.frames));
  // One sign is enough to ask the background, which reads everything again from its own copy: the
  // look-up of recorded fingerprints, the dearest check, runs only on a page that showed none yet.
  if (signals.length === 0 && fingerprintHint(doc, title, text, nodes, found)) signals.push('fingerprint');
  return signals.length > 0 ? signals : null;
}
