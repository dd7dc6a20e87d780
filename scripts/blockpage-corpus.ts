/**
 * Prints precision and recall of block-page detection on both corpora, without a control and with
 * one (scripts/blockpage-corpus/measure.ts), then how much of the text recorded from real national
 * and provider block pages the vocabulary recognises. The figures in docs/detection.md, "How well it
 * works", come from here: `npx tsx scripts/blockpage-corpus.ts`.
 */
import { figures, first, heldout, type Case } from './blockpage-corpus/measure';
import { FINGERPRINT_ROWS } from '../utils/blockpage/fingerprint-data';
import { assessPage } from '../utils/blockpage/heuristic';
import { pageShape } from '../utils/blockpage/html-text';

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`);

async function measure(label: string, cases: Case[]): Promise<void> {
  const positives = cases.filter((c) => c.block);
  console.log(
    `\n${label}: ${positives.length} block pages in ${new Set(positives.map((c) => c.lang)).size} languages, ${cases.length - positives.length} other pages`,
  );
  const runs = [
    { label: "without a control, every page served as the site's own (200)", withControl: false },
    { label: 'without a control, 200 pages served with HTTP 403 instead', withControl: false, errorStatus: 403 },
    { label: 'with a control', withControl: true },
  ];
  for (const { label: how, withControl, errorStatus } of runs) {
    const f = await figures(cases, withControl, errorStatus);
    console.log(
      `  ${how}: precision ${pct(f.truePositives, f.truePositives + f.falsePositives.length)}, recall ${pct(f.truePositives, f.positives)}`,
    );
    for (const name of f.falsePositives) console.log(`    false positive: ${name}`);
    if (f.missed.length) console.log(`    missed: ${f.missed.join(', ')}`);
  }
}

await measure('first corpus (tests/fixtures/blockpages)', first);
await measure('held-out corpus (tests/fixtures/blockpages-heldout)', heldout);

// Sentences recorded from real block pages (national and provider scope, plain text only).
const sentences = FINGERPRINT_ROWS.filter(
  (r) =>
    r[1] === 'body' &&
    (r[8] === 'nat' || r[8] === 'isp') &&
    r[3] === 'contains' &&
    r[4].length >= 25 &&
    !/[<>{}=/]|https?:|www\.|\.(ru|com|net|org|id|kz)\b/.test(r[4]),
);
const assessed = sentences.map((r) => assessPage(pageShape(`<html><head><title></title></head><body><p>${r[4]}</p></body></html>`)));
const words = assessed.filter((a) => a.signals.some((s) => s.startsWith('blocking:'))).length;
const either = assessed.filter((a) => a.signals.some((s) => s.startsWith('blocking:') || s.startsWith('authority:'))).length;
const whole = assessed.filter((a) => a.match).length;
console.log(
  `\nrecorded block-page sentences: blocking words recognised in ${pct(words, sentences.length)}; blocking words or an authority in ${pct(either, sentences.length)}; ` +
    `a page of that one sentence, with no title, matched in ${pct(whole, sentences.length)}`,
);
