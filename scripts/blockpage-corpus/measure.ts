/**
 * How block-page detection is measured on a corpus, through the extension's own code: the content
 * script's scan (in a test DOM), the probe's classification, and the comparison with a control
 * that returns what each page says the control would get. Used by scripts/blockpage-corpus.ts and
 * by the test that holds the figures in docs/detection.md.
 */
import './browser-stand-in';
import { Window } from 'happy-dom';
import { decideVerdict } from '../../utils/classify/1-probe-verdict';
import { settlePageCandidate } from '../../utils/classify/page-comparison';
import { scanDocument } from '../../utils/blockpage/scan';
import { ProbeTracker, type ProbeResult } from '../../utils/confirm/probe';
import { pageTitle } from '../../utils/protocol/page-title';
import { DEFAULT_SETTINGS } from '../../utils/storage/settings-rules';
import type { Suspicion } from '../../utils/storage/records';
import { HELDOUT_NEGATIVES, HELDOUT_POSITIVES, type ControlView, type HeldoutPage } from '../../tests/fixtures/blockpages-heldout';
import { NEGATIVES } from '../../tests/fixtures/blockpages/negatives';
import { POSITIVES } from '../../tests/fixtures/blockpages/positives';

const SITE = 'site.example';
const ENDPOINT = 'https://collector.example.org';

export interface Case {
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
export const first: Case[] = [
  ...POSITIVES.map((p) => ({ ...p, block: true, status: 200, control: { status: 200, title: 'Home', bytes: 90_000 } })),
  ...NEGATIVES.map((p) => ({
    ...p,
    block: false,
    status: 200,
    control: /waf|geo/.test(p.name) ? { status: 200, title: 'Home', bytes: 90_000 } : ('same' as const),
  })),
];
export const heldout: Case[] = [...HELDOUT_POSITIVES, ...HELDOUT_NEGATIVES].map((p: HeldoutPage) => ({ ...p, status: p.status ?? 200 }));

const bytes = (s: string) => new TextEncoder().encode(s).byteLength;

function scan(c: Case): string[] | null {
  const window = new Window({ url: `https://${SITE}/` });
  Object.assign(globalThis, { NodeFilter: window.NodeFilter });
  window.document.write(c.html);
  return scanDocument(window.document as unknown as Document, c.status);
}

/**
 * What Blockwatch reports for the page: its block-page verdict, or null. `errorStatus` serves a page
 * the corpus gives as 200 with that status instead, as many in-place notices are served: without a
 * control, a page's own words count only when how it was served points away from the site.
 */
export async function detect(given: Case, withControl: boolean, errorStatus?: number): Promise<string | null> {
  const c = errorStatus !== undefined && given.status === 200 ? { ...given, status: errorStatus } : given;
  const signals = scan(c);
  if (!signals && c.status !== 451) return null; // the content script stays silent: nothing is probed
  const suspicion: Suspicion = {
    key: `1|${SITE}`,
    tabId: 1,
    url: `https://${SITE}/`,
    host: SITE,
    trigger: 'auto',
    observedAt: 0,
    ...(c.status === 451 ? { httpStatus: 451 } : { blockpageSignal: 'page' }),
  };
  const probed: ProbeResult = {
    ok: true,
    status: c.status,
    ms: 10,
    page: { body: c.html, bytes: bytes(c.html), finalUrl: `https://${SITE}/`, headers: [], redirects: [] },
  };
  const there =
    c.control === 'same'
      ? { status: c.status, title: pageTitle(c.html), bytes: bytes(c.html), finalHost: SITE }
      : { finalHost: SITE, ...c.control };
  const fetchImpl = (async () =>
    new Response(JSON.stringify({ ok: there.status < 500, status: there.status, ms: 100, page: there }))) as typeof fetch;
  const verdict = decideVerdict(suspicion, probed);
  const settings = { ...DEFAULT_SETTINGS, autoSend: true, endpoint: withControl ? ENDPOINT : null };
  const settled = verdict && (await settlePageCandidate(suspicion, verdict, settings, { tracker: new ProbeTracker(), fetchImpl }));
  return settled?.kind === 'blockpage' ? (settled.blockpage?.fingerprint ?? 'blockpage') : null;
}

export interface Figures {
  positives: number;
  negatives: number;
  truePositives: number;
  falsePositives: string[];
  missed: string[];
}

export async function figures(cases: Case[], withControl: boolean, errorStatus?: number): Promise<Figures> {
  const found = await Promise.all(cases.map(async (c) => ({ c, hit: await detect(c, withControl, errorStatus) })));
  return {
    positives: cases.filter((c) => c.block).length,
    negatives: cases.filter((c) => !c.block).length,
    truePositives: found.filter((f) => f.c.block && f.hit).length,
    falsePositives: found.filter((f) => !f.c.block && f.hit).map((f) => `${f.c.name} (${f.hit})`),
    missed: found.filter((f) => f.c.block && !f.hit).map((f) => f.c.name),
  };
}
