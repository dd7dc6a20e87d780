/**
 * The content script's scan: the page's title and at most SCAN_TEXT_LIMIT characters of its visible
 * text, tested with one precompiled expression of blocking vocabulary. A page with more text than
 * that is not a block page (they are short), so an article stops the scan early; a page with
 * enormous text nodes, endless markup or shadow DOM costs at most SCAN_NODE_LIMIT nodes. Nothing
 * of the page is executed, injected or sent: only the names of the signs found.
 */
import { MAX_BLOCKPAGE_LINKS, MAX_BLOCKPAGE_TEXT } from './limits';
import { BLOCKING_ANY } from './vocabulary';

/** Above the heuristic's own limit, so the background (not this pre-check) has the last word. */
export const SCAN_TEXT_LIMIT = MAX_BLOCKPAGE_TEXT + 500;
/** A page with many times the links a block page has is a site, not a notice. */
export const SCAN_LINK_LIMIT = MAX_BLOCKPAGE_LINKS * 4;
/** Block pages have a few dozen text nodes; a page with hundreds is something else. Each node
 * costs about a microsecond and a half in a cold content script, so this bounds the scan's time. */
export const SCAN_NODE_LIMIT = 500;

const CANDIDATE = new RegExp(BLOCKING_ANY, 'iu');
const HIDDEN_PARENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA']);

/** Up to the limit of visible text, or null when the page has more (or too many nodes). */
export function boundedText(doc: Document): string | null {
  const root = doc.body;
  if (!root) return '';
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
  const text = parts.join(' ').replace(/\s+/g, ' ');
  return text.length > SCAN_TEXT_LIMIT ? null : text;
}

/** The signs a block page may be showing, or null for a page that is not a candidate. */
export function scanDocument(doc: Document): string[] | null {
  if (!/html/.test(doc.contentType)) return null;
  if (doc.links.length > SCAN_LINK_LIMIT) return null;
  const text = boundedText(doc);
  if (text === null) return null;
  const title = doc.title.slice(0, 300);
  const signals: string[] = [];
  if (CANDIDATE.test(title)) signals.push('title');
  if (CANDIDATE.test(text)) signals.push('text');
  return signals.length > 0 ? signals : null;
}
