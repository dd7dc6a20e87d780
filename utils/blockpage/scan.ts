/**
 * The content script's scan: the page's title and at most SCAN_TEXT_LIMIT characters of its visible
 * text, read for blocking words and looked up in the compact tables of recorded fingerprints
 * (precheck.ts), plus the hosts the page links and frames to and an
 * HTTP 403. A page with more text than that is not a block page (they are short), so an article
 * stops the scan early; a page with enormous text nodes, endless markup or shadow DOM costs at most
 * SCAN_NODE_LIMIT nodes. Nothing of the page is executed, injected or sent: only the names of the
 * signs found.
 */
import { MAX_BLOCKPAGE_LINKS, MAX_BLOCKPAGE_TEXT } from './limits';
import { hostSigns } from './page-hosts';
import { saysBlocked, textHint, urlHint } from './precheck';

/** Above the heuristic's own limit, so the background (not this pre-check) has the last word. */
export const SCAN_TEXT_LIMIT = MAX_BLOCKPAGE_TEXT + 500;
/** A page with many times the links a block page has is a site, not a notice. */
export const SCAN_LINK_LIMIT = MAX_BLOCKPAGE_LINKS * 4;
/** Block pages have a few dozen text nodes; a page with hundreds is something else. Each node
 * costs about a microsecond and a half in a cold content script, so this bounds the scan's time. */
export const SCAN_NODE_LIMIT = 500;
/** Elements whose addresses are read, and scripts, comments and inline frames whose text is. */
const SCAN_URL_LIMIT = 200;
const SCAN_EXTRA_CHARS = 4_096;

const HIDDEN_PARENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA']);
const URL_ELEMENTS = 'a[href],area[href],iframe[src],frame[src],img[src],script[src],link[href],base[href],form[action],embed[src],object[data]';

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

/** Up to the limit of visible text, or null when the page has more (or too many nodes). */
export function boundedText(doc: Document): string | null {
  const parts = textNodes(doc);
  if (parts === null) return null;
  const text = parts.join(' ').replace(/\s+/g, ' ');
  return text.length > SCAN_TEXT_LIMIT ? null : text;
}

const bounded = (s: string | null | undefined) => (s ?? '').slice(0, SCAN_EXTRA_CHARS);

/** What a short page says besides its visible text: comments, inline scripts, alt texts, element names. */
function hiddenTexts(doc: Document): string[] {
  const out: string[] = [];
  const comments = doc.createTreeWalker(doc.documentElement, NodeFilter.SHOW_COMMENT);
  for (let c = comments.nextNode(), n = 0; c && n < 20; c = comments.nextNode(), n++) out.push(bounded((c as Comment).data));
  for (const s of Array.from(doc.scripts).slice(0, 8)) if (!s.src) out.push(bounded(s.text));
  for (const e of Array.from(doc.querySelectorAll('img[alt],[id],body[class]')).slice(0, SCAN_URL_LIMIT)) {
    out.push(`${e.getAttribute('alt') ?? ''} ${e.id} ${e.tagName === 'BODY' ? e.className : ''}`);
  }
  return out;
}

/** Signs of a recorded fingerprint: its words, a phrase, a host or file it links to, an empty document. */
function fingerprintHint(doc: Document, title: string, text: string, nodes: string[]): boolean {
  if (doc.documentElement.outerHTML.length <= 64 && !doc.body?.firstChild && !title) return true;
  const urls: string[] = [];
  const frames: string[] = [];
  for (const e of Array.from(doc.querySelectorAll(URL_ELEMENTS)).slice(0, SCAN_URL_LIMIT)) {
    const url = e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('data') ?? '';
    urls.push(url.replace(/^mailto:[^@]*@/i, '//'));
    // A page that only frames another: what the frame loads inline is part of what it shows.
    if (/^data:/i.test(url)) frames.push(bounded(url.replace(/^data:[^,]*,/i, '')));
  }
  for (const m of Array.from(doc.querySelectorAll('meta[http-equiv]'))) {
    if (/refresh/i.test(m.getAttribute('http-equiv') ?? '')) urls.push((m.getAttribute('content') ?? '').replace(/^[^=]*=\s*/, ''));
  }
  const hidden = hiddenTexts(doc);
  // Addresses written out in the text and in comments: hosts, addresses, e-mail domains, with their paths.
  for (const t of [text, ...hidden]) for (const m of t.match(/(?:[\w-]+\.)+(?:[a-z]{2,}|\d{1,3})(?::\d+)?(?:\/[^\s"'<>]{0,200})?/gi) ?? []) urls.push(`//${m}`);
  return urlHint(urls) || textHint([title, text, ...frames, ...hidden], [title, ...nodes]);
}

/** Hosts of the page's links and frames, for the language-free signs of page-hosts.ts. */
function linkSigns(doc: Document): string[] {
  const host = (u: string) => /^(?:https?:)?\/\/([^/?#:]+)/i.exec(u)?.[1] ?? '';
  const attr = (sel: string, name: string) => Array.from(doc.querySelectorAll(sel)).slice(0, SCAN_URL_LIMIT).map((e) => host(e.getAttribute(name) ?? ''));
  return hostSigns(doc.location?.hostname ?? '', [...attr('a[href],area[href]', 'href'), ...attr('form[action]', 'action')], attr('iframe[src],frame[src]', 'src'));
}

/**
 * The signs a block page may be showing, or null for a page that is not a candidate. `status` is
 * the page's HTTP status when known: a 403 on a short page is a sign in any language.
 */
export function scanDocument(doc: Document, status?: number): string[] | null {
  if (!/html/.test(doc.contentType)) return null;
  if (doc.links.length > SCAN_LINK_LIMIT) return null;
  const nodes = textNodes(doc);
  if (nodes === null) return null;
  const text = nodes.join(' ').replace(/\s+/g, ' ');
  if (text.length > SCAN_TEXT_LIMIT) return null;
  const title = doc.title.slice(0, 300);
  const signals: string[] = [];
  if (saysBlocked(title)) signals.push('title');
  if (saysBlocked(text)) signals.push('text');
  if (fingerprintHint(doc, title, text, nodes)) signals.push('fingerprint');
  signals.push(...linkSigns(doc));
  if (status === 403) signals.push('status');
  return signals.length > 0 ? signals : null;
}
