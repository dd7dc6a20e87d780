/**
 * What a page shows, read from its HTML as text: the background has no DOM, and the probe's body
 * must never be parsed into a live document. Bounded: only the first MAX_HTML characters are read.
 */

export const MAX_HTML = 256 * 1024;

export interface PageShape {
  title: string;
  /** Visible text, whitespace collapsed. */
  text: string;
  links: number;
  /** Marks of an article: <article>, article metadata, or several long paragraphs. */
  articleMarks: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

// Tag bodies are bounded so that a hostile page full of unclosed `<` cannot make this quadratic.
const clean = (s: string) =>
  decodeEntities(s.replace(/<[^>]{0,2000}>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

const HIDDEN = /<(!--|(?:script|style|noscript|template|svg|head)\b)/gi;

/** Cuts out comments and elements whose text is never shown, in one linear pass. */
function visibleHtml(html: string): string {
  let out = '';
  let at = 0;
  HIDDEN.lastIndex = 0;
  for (let m = HIDDEN.exec(html); m; m = HIDDEN.exec(html)) {
    out += `${html.slice(at, m.index)} `;
    const close = new RegExp(m[1] === '!--' ? '-->' : `</${m[1]}[^>]{0,100}>`, 'gi');
    close.lastIndex = m.index + m[0].length;
    const end = close.exec(html);
    if (!end) return out; // unclosed: nothing after it is shown
    at = end.index + end[0].length;
    HIDDEN.lastIndex = at;
  }
  return out + html.slice(at);
}

export function pageShape(rawHtml: string): PageShape {
  const html = rawHtml.slice(0, MAX_HTML);
  const title = clean(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '').slice(0, 300);
  const body = visibleHtml(html);
  const links = (body.match(/<a\b[^>]{0,2000}?\bhref\s*=/gi) ?? []).length;
  let articleMarks = (
    html.match(
      /<article\b|property=["']?og:type["']?\s+content=["']?article|"@type"\s*:\s*"(?:News)?Article"|itemprop=["']?articleBody|<time\b|name=["']?author|rel=["']?author|article:published_time/gi,
    ) ?? []
  ).length;
  const blocks = body.split(/<\/?(?:p|div|li|h[1-6]|br|td|section|article|main|header|footer|nav)\b/i);
  if (blocks.filter((b) => clean(b.slice(b.indexOf('>') + 1)).length > 200).length >= 3) articleMarks++;
  return { title, text: clean(body), links, articleMarks };
}
