/**
 * What `title` means in a page summary (protocol v1's control answer and block-page evidence): the
 * document's first <title>, entities decoded, markup dropped, whitespace collapsed, at most 200
 * characters. The collector's control and the extension's probe both read it with this function,
 * so the two sides of a comparison are told apart by the pages, not by two readers.
 */

export const MAX_TITLE_CHARS = 200;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** The title as a tab shows it. Linear: one search for the opening tag, one for the closing one. */
export function pageTitle(html: string): string {
  const open = /<title\b[^>]{0,200}>/i.exec(html);
  if (!open) return '';
  const start = open.index + open[0].length;
  const end = html.slice(start, start + 64 * 1024).search(/<\/title\s*>/i);
  if (end < 0) return '';
  const raw = html.slice(start, start + end).replace(/<[^>]{0,200}>/g, ' ');
  return decodeEntities(raw).replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_CHARS);
}
