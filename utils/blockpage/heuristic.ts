/**
 * Recognises block pages Blockwatch has no fingerprint for, from what block pages share: little
 * text, a sentence saying access is blocked, a reference to a law or an authority, few links and
 * nothing shaped like an article. Tuned for precision: an article about blocking uses the same
 * words, so the words alone never decide; the page's shape must fit too, and words in quotation
 * marks do not count. It decides alone only where no control measurement can (classify/).
 */
import { AUTHORITY, blockingAll } from './vocabulary';
import { MAX_BLOCKPAGE_LINKS, MAX_BLOCKPAGE_TEXT } from './limits';
import type { FingerprintMatch } from './fingerprints';
import type { PageShape } from './html-text';

const compileAll = (table: Record<string, string>) =>
  Object.entries(table).map(([lang, source]) => [lang, new RegExp(source, 'iu')] as const);

let compiled: { blocking: (readonly [string, RegExp])[]; authority: (readonly [string, RegExp])[] } | null = null;
const tables = () => (compiled ??= { blocking: compileAll(blockingAll()), authority: compileAll(AUTHORITY) });

const languagesMatching = (list: (readonly [string, RegExp])[], text: string) =>
  list.filter(([, re]) => re.test(text)).map(([lang]) => lang);

export interface HeuristicResult {
  match: boolean;
  /** Everything seen, matched or not: `blocking:ru`, `authority:ru`, `title`, `short`, ... */
  signals: string[];
  language?: string;
}

/**
 * The text with quotations taken out. A notice says it is blocked; a page that quotes a notice
 * ("readers see «access to the resource is restricted»") reports on one, whatever words it quotes.
 */
export function unquoted(text: string): string {
  return text.replace(
    /“[^”]{0,300}”|«[^»]{0,300}»|„[^“”]{0,300}[“”]|"[^"]{0,300}"|「[^」]{0,300}」|『[^』]{0,300}』|‹[^›]{0,300}›/g,
    ' … ',
  );
}

export function assessPage(page: PageShape): HeuristicResult {
  const { blocking, authority } = tables();
  const title = unquoted(page.title);
  const body = unquoted(page.text.slice(0, MAX_BLOCKPAGE_TEXT * 2));
  const text = `${title} ${body}`.slice(0, MAX_BLOCKPAGE_TEXT * 2);
  const blockingLangs = languagesMatching(blocking, text);
  const authorityLangs = languagesMatching(authority, `${page.title} ${page.text}`.slice(0, MAX_BLOCKPAGE_TEXT * 2));
  const inTitle = title !== '' && languagesMatching(blocking, title).length > 0;
  const inBody = languagesMatching(blocking, body).length > 0;
  const short = page.text.length <= MAX_BLOCKPAGE_TEXT;
  const fewLinks = page.links <= MAX_BLOCKPAGE_LINKS;
  const noArticle = page.articleMarks === 0;
  const signals = [
    ...blockingLangs.map((l) => `blocking:${l}`),
    ...authorityLangs.map((l) => `authority:${l}`),
    ...(inTitle ? ['title'] : []),
    ...(short ? ['short'] : []),
    ...(fewLinks ? ['few-links'] : []),
    ...(noArticle ? ['no-article'] : []),
  ];
  // Without a law or an authority named, only a title and a text that both say "blocked" will do:
  // a bare "access denied" title alone is every web server's 403 page.
  const match = blockingLangs.length > 0 && short && fewLinks && noArticle && (authorityLangs.length > 0 || (inTitle && inBody));
  return { match, signals, ...(blockingLangs[0] && { language: blockingLangs[0] }) };
}

/** The heuristic's verdict as block-page evidence: the fingerprint names the language. */
export function matchHeuristic(page: PageShape): FingerprintMatch | null {
  const result = assessPage(page);
  if (!result.match) return null;
  return { fingerprint: `heuristic.${result.language}`, source: 'heuristic', dataset: 'blockwatch', signals: result.signals };
}
