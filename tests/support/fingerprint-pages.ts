/** Pages that show one recorded fingerprint each, for the tests that walk every row of the database. */
import type { FingerprintRow } from '../../utils/blockpage/fingerprint-types';

/** A short page that shows the pattern, as the recorded block pages do. */
export function pageShowing(row: FingerprintRow): string {
  // A whole document, recorded as such (blank pages).
  if (row[3] === 'full' || /^\s*<html/i.test(row[4])) return row[4];
  let pattern = row[3] === 'regexp' ? row[4].replaceAll('.*', ' ').replace(/\\(.)/g, '$1') : row[4];
  // A pattern cut inside a tag ('iframe src="http://10.10'): the tag, with its address completed.
  const tag = /^<?((?:i?frame|img|script|a|form|meta|link)\s[^<>]*)$/i.exec(pattern)?.[1];
  if (tag) pattern = `<${tag.replace(/(\/\/\d{1,3}\.\d{1,3})\.?$/, '$1.34.34').replace(/(\/\/\d{1,3}\.\d{1,3}\.\d{1,3})\.?$/, '$1.34')}">`;
  // A pattern that stops inside a tag or an attribute: the tag closed, as on the page it came from.
  if (pattern.includes('<!--') && !pattern.includes('-->')) pattern += ' -->';
  const open = pattern.lastIndexOf('<');
  if (open > pattern.lastIndexOf('>') && !pattern.startsWith('<!--', open))
    pattern += (pattern.slice(open).split('"').length % 2 === 0 ? '"' : '') + '>';
  const ownTitle = /<title/i.test(pattern) || /^\s*<\/title>/i.test(pattern);
  const opensTitle = /^\s*<\/title>/i.test(pattern) ? '<title>' : '';
  return `<!doctype html><html><head><meta charset="utf-8">${ownTitle ? '' : '<title>Notice</title>'}${opensTitle}</head><body>\n${pattern}\n</body></html>`;
}
