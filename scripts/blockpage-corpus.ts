/**
 * Prints the block-page heuristic's precision and recall on the test corpus, and how much of the
 * text recorded from real national and provider block pages its vocabulary recognises. The
 * figures in docs/detection.md, "Unknown block pages", come from here: `npx tsx scripts/blockpage-corpus.ts`.
 */
import { assessPage } from '../utils/blockpage/heuristic';
import { FINGERPRINT_ROWS } from '../utils/blockpage/fingerprint-data';
import { pageShape } from '../utils/blockpage/html-text';
import { NEGATIVES } from '../tests/fixtures/blockpages/negatives';
import { POSITIVES } from '../tests/fixtures/blockpages/positives';

const matched = (html: string) => assessPage(pageShape(html));
const tp = POSITIVES.filter((p) => matched(p.html).match).length;
const fp = NEGATIVES.filter((p) => matched(p.html).match);
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}% (${a}/${b})`;

console.log(
  `corpus: ${POSITIVES.length} block pages in ${new Set(POSITIVES.map((p) => p.lang)).size} languages, ${NEGATIVES.length} other pages`,
);
console.log(`precision ${pct(tp, tp + fp.length)}, recall ${pct(tp, POSITIVES.length)}`);
for (const page of fp) console.log(`  false positive: ${page.name}`);

// Sentences recorded from real block pages (national and provider scope, plain text only).
const sentences = FINGERPRINT_ROWS.filter(
  (r) =>
    r[1] === 'body' &&
    (r[8] === 'nat' || r[8] === 'isp') &&
    r[3] === 'contains' &&
    r[4].length >= 25 &&
    !/[<>{}=/]|https?:|www\.|\.(ru|com|net|org|id|kz)\b/.test(r[4]),
);
const pages = sentences.map((r) => `<html><head><title></title></head><body><p>${r[4]}</p></body></html>`);
const words = pages.filter((html) => matched(html).signals.some((s) => s.startsWith('blocking:'))).length;
const whole = pages.filter((html) => matched(html).match).length;
console.log(
  `recorded block-page sentences: blocking words recognised in ${pct(words, pages.length)}; ` +
    `a page of that one sentence, with no title, matched in ${pct(whole, pages.length)}`,
);
