/**
 * Precision and recall of block-page detection on both corpora, without a control and with one,
 * through the code the extension runs: the content script's scan (in a test DOM), the probe's
 * classification, and the comparison with the control's copy of the page. Then how much of the
 * text recorded from real national and provider block pages the vocabulary recognises. The
 * figures in docs/detection.md, "Unknown block pages", come from here:
 * `npx tsx scripts/blockpage-corpus.ts`.
 */
import './blockpage-corpus/browser-stand-in';
import { Window } from 'happy-dom';
import { decideVerdict } from '../utils/classify/1-probe-verdict';
import { settlePageCandidate } from '../utils/classify/page-comparison';
import { FINGERPRINT_ROWS } from '../utils/blockpage/fingerprint-data';
import { assessPage } from '../utils/blockpage/heuristic';
import { pageShape } from '../utils/blockpage/html-text';
import { scanDocument } from '../utils/blockpage/scan';
import { ProbeTracker, type ProbeResult } from '../utils/confirm/probe';
import { pageTitle } from '../utils/protocol/page-title';
import { DEFAULT_SETTINGS } from '../utils/storage/settings-rules';
import type { Suspicion } from '../utils/storage/records';
import { HELDOUT_NEGATIVES, HELDOUT_POSITIVES, type ControlView, type HeldoutPage } from '../tests/fixtures/blockpages-heldout';
import { NEGATIVES } from '../tests/fixtures/blockpages/negatives';
import { POSITIVES } from '../tests/fixtures/blockpages/positives';

const SITE = 'site.example';
const ENDPOINT = 'https://collector.example.org';

interface Case {
  name: string;
  lang: string;
  block: boolean;
  html: string;
  status: number;
  control: 'same' | ControlView;
}

/**
 * The first corpus says nothing of a control: its block pages stand for real sites (the control
 * gets the site), every other page is the site's own (the control gets it too), except the firewall
 * and geo-restriction pages, which depend on where one asks from.
 */
const first: Case[] = [
  ...POSITIVES.map((p) => ({ ...p, block: true, status: 200, control: { status: 200, title: 'Home', bytes: 90_000 } })),
  ...NEGATIVES.map((p) => ({ ...p, block: false, status: 200, control: /waf|geo/.test(p.name) ? { status: 200, title: 'Home', bytes: 90_000 } : ('same' as const) })),
];
const heldout: Case[] = [...HELDOUT_POSITIVES, ...HELDOUT_NEGATIVES].map((p: HeldoutPage) => ({ ...p, status: p.status ?? 200 }));

const bytes = (s: string) => new TextEncoder().encode(s).byteLength;

function scan(c: Case): string[] | null {
  const window = new Window({ url: `https://${SITE}/` });
  Object.assign(globalThis, { NodeFilter: window.NodeFilter });
  window.document.write(c.html);
  return scanDocument(window.document as unknown as Document, c.status);
}

/** What Blockwatch reports for the page: its block-page verdict, or null. */
async function detect(c: Case, withControl: boolean): Promise<string | null> {
  const signals = scan(c);
  if (!signals && c.status !== 451) return null; // the content script stays silent: nothing is probed
  const suspicion: Suspicion = {
    key: `1|${SITE}`, tabId: 1, url: `https://${SITE}/`, host: SITE, trigger: 'auto', observedAt: 0,
    ...(c.status === 451 ? { httpStatus: 451 } : { blockpageSignal: 'page' }),
  };
  const probed: ProbeResult = { ok: true, status: c.status, ms: 10, page: { body: c.html, bytes: bytes(c.html), finalUrl: `https://${SITE}/`, headers: [], redirects: [] } };
  const there = c.control === 'same' ? { status: c.status, title: pageTitle(c.html), bytes: bytes(c.html), finalHost: SITE } : { finalHost: SITE, ...c.control };
  const fetchImpl = (async () => new Response(JSON.stringify({ ok: there.status < 500, status: there.status, ms: 100, page: there }))) as typeof fetch;
  const verdict = decideVerdict(suspicion, probed);
  const settings = { ...DEFAULT_SETTINGS, autoSend: true, endpoint: withControl ? ENDPOINT : null };
  const settled = verdict && (await settlePageCandidate(suspicion, verdict, settings, { tracker: new ProbeTracker(), fetchImpl }));
  return settled?.kind === 'blockpage' ? (settled.blockpage?.fingerprint ?? 'blockpage') : null;
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`);

async function measure(label: string, cases: Case[]): Promise<void> {
  const positives = cases.filter((c) => c.block).length;
  console.log(`\n${label}: ${positives} block pages in ${new Set(cases.filter((c) => c.block).map((c) => c.lang)).size} languages, ${cases.length - positives} other pages`);
  for (const withControl of [false, true]) {
    const found = await Promise.all(cases.map(async (c) => ({ c, hit: await detect(c, withControl) })));
    const tp = found.filter((f) => f.c.block && f.hit).length;
    const fp = found.filter((f) => !f.c.block && f.hit);
    const missed = found.filter((f) => f.c.block && !f.hit);
    console.log(`  ${withControl ? 'with a control   ' : 'without a control'}: precision ${pct(tp, tp + fp.length)}, recall ${pct(tp, positives)}`);
    for (const f of fp) console.log(`    false positive: ${f.c.name} (${f.hit})`);
    if (missed.length) console.log(`    missed: ${missed.map((f) => f.c.name).join(', ')}`);
  }
}

await measure('first corpus (tests/fixtures/blockpages)', first);
await measure('held-out corpus (tests/fixtures/blockpages-heldout)', heldout);

// Sentences recorded from real block pages (national and provider scope, plain text only).
const sentences = FINGERPRINT_ROWS.filter(
  (r) => r[1] === 'body' && (r[8] === 'nat' || r[8] === 'isp') && r[3] === 'contains' && r[4].length >= 25 &&
    !/[<>{}=/]|https?:|www\.|\.(ru|com|net|org|id|kz)\b/.test(r[4]),
);
const assessed = sentences.map((r) => assessPage(pageShape(`<html><head><title></title></head><body><p>${r[4]}</p></body></html>`)));
const words = assessed.filter((a) => a.signals.some((s) => s.startsWith('blocking:'))).length;
const either = assessed.filter((a) => a.signals.some((s) => s.startsWith('blocking:') || s.startsWith('authority:'))).length;
const whole = assessed.filter((a) => a.match).length;
console.log(`\nrecorded block-page sentences: blocking words recognised in ${pct(words, sentences.length)}; blocking words or an authority in ${pct(either, sentences.length)}; ` +
  `a page of that one sentence, with no title, matched in ${pct(whole, sentences.length)}`);
