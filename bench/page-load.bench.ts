/**
 * Page-load time and browser CPU time in real Chromium with the built extension (A) and without
 * it (B), over a generated corpus of news articles served over HTTPS on loopback. Each round
 * launches A B B A and, as the A/A control of the same harness, X Y Y X (both arms without the
 * extension), each browser on a fresh profile; every page is loaded once in each browser, the
 * browsers taking turns page by page (see runRound).
 *
 * The deeper-checks build (D, webRequest held) is measured beside them unless BENCH_PAGE_LOAD_DEEPER=0.
 * The service worker's event dispatches over the corpus are read from the worker (A and D).
 *
 * BENCH_PAGE_LOAD_ROUNDS (default 1; each round is 8 or 10 browsers × the corpus), BENCH_PAGE_LOAD_SETTLE_S,
 * BENCH_PAGE_LOAD_PAGES (default 40), BENCH_SEED (default 1).
 */
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser';
import { launchPlan, pageRatios, pairRatios, turnOrder, type Arm } from './compare';
import { generateCorpus, type Corpus } from './corpus';
import { serveCorpus, type CorpusServer } from './corpus-server';
import { findBrowserPid, flaggedCpuSeconds, threadsCpuSeconds, treeCpuSeconds } from './proc-cpu';
import { median, type Benchmark, type BenchResult } from './types';

const BUDGET = 1.02;
/**
 * How long after the last browser of a round started before its pages are measured. A fresh
 * browser does one-off work about 30 s after it starts (seen with and without the extension), and
 * an extension's service worker, started by its installation, stops after 30 s idle: both belong
 * to starting a browser, not to loading pages, and would otherwise fall on some browsers' pages
 * and not others'. BENCH_PAGE_LOAD_SETTLE_S (default 40; 0 for a quick run).
 */
const SETTLE_S = 40;
const GAP_MS = 100;
const WITH_EXTENSION = new Set<Arm>(['A', 'D']);

interface LaunchRun {
  arm: Arm;
  round: number;
  /** Navigation start to loadEventEnd, ms, per corpus page in order. */
  loads: number[];
  /** CPU seconds of the whole browser process tree while the corpus loaded. */
  cpu: number;
  /** Where it went, to the nanosecond (long-lived processes only): see cpuParts. */
  parts: Record<Part, number>;
  /** Events the extension's worker handled while the corpus loaded (arms with the extension). */
  dispatches: number;
}

type Part = 'extension' | 'browser' | 'network';

/** CPU seconds so far of the processes that an extension's cost can show up in. */
function cpuParts(pid: number): Record<Part, number> {
  return {
    // The extension's service worker and its listeners.
    extension: flaggedCpuSeconds(pid, '--extension-process'),
    // The browser process dispatches webRequest events to extensions.
    browser: threadsCpuSeconds(pid),
    // Every request goes through the network service.
    network: flaggedCpuSeconds(pid, '--utility-sub-type=network.mojom.NetworkService'),
  };
}

const minus = (a: Record<Part, number>, b: Record<Part, number>): Record<Part, number> => ({
  extension: a.extension - b.extension,
  browser: a.browser - b.browser,
  network: a.network - b.network,
});

interface OpenBrowser {
  run: LaunchRun;
  /** The worker's own count of handled events, by event name; null without the extension. */
  activity(): Promise<number | null>;
  activityBefore: number | null;
  page: Page;
  pid: number;
  cpuBefore: number;
  partsBefore: Record<Part, number>;
  close(): Promise<void>;
}

const envInt = (name: string, fallback: number, min: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value >= min ? value : fallback;
};

/** loadEventEnd is written just after the load handlers return, which can be a moment after goto resolves. */
async function loadTime(page: Page): Promise<number> {
  return page.evaluate(async () => {
    for (let i = 0; i < 200; i++) {
      const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      if (nav && nav.loadEventEnd > 0) return nav.loadEventEnd - nav.startTime;
      await new Promise((r) => setTimeout(r, 10));
    }
    return Number.NaN;
  });
}

async function open(arm: Arm, round: number, corpus: Corpus, server: CorpusServer): Promise<OpenBrowser> {
  const browser = await launchBrowser({ withoutExtension: !WITH_EXTENSION.has(arm), deeper: arm === 'D', args: server.chromiumArgs });
  const activity = async () => {
    if (!WITH_EXTENSION.has(arm)) return null;
    const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
    const counts = await worker.evaluate(() =>
      (globalThis as unknown as { blockwatchActivity(): Record<string, number> }).blockwatchActivity(),
    );
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };
  try {
    const pid = findBrowserPid(browser.profileDir);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // The first navigation of a browser pays for starting its network and renderer processes.
    await page.goto(corpus.warmupUrl, { waitUntil: 'load' });
    return {
      run: { arm, round, loads: [], cpu: Number.NaN, parts: cpuParts(pid), dispatches: Number.NaN },
      activity,
      activityBefore: null,
      page,
      pid,
      cpuBefore: Number.NaN,
      partsBefore: cpuParts(pid),
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function load(browser: OpenBrowser, url: string): Promise<void> {
  const response = await browser.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status()}`);
  browser.run.loads.push(await loadTime(browser.page));
  // What a browser still does after its load event (the worker's listeners, tearing down the last
  // page's renderer) must not land on the next browser's measured load.
  await new Promise((r) => setTimeout(r, GAP_MS));
}

/**
 * One round: its eight browsers are launched in plan order (A B B A X Y Y X) and stay open
 * together; then each page is loaded in every one of them, in an order that rotates page by page
 * (turnOrder), before the next page. The loads of one page in the two arms are seconds apart, so
 * the shared machine's changing load falls on both arms alike, and no browser keeps the best or
 * worst place in the queue.
 */
async function runRound(plan: { arm: Arm; round: number }[], corpus: Corpus, server: CorpusServer): Promise<LaunchRun[]> {
  const browsers: OpenBrowser[] = [];
  try {
    for (const { arm, round } of plan) browsers.push(await open(arm, round, corpus, server));
    await new Promise((r) => setTimeout(r, envInt('BENCH_PAGE_LOAD_SETTLE_S', SETTLE_S, 0) * 1000));
    for (const b of browsers) {
      b.activityBefore = await b.activity();
      b.cpuBefore = treeCpuSeconds(b.pid);
      b.partsBefore = cpuParts(b.pid);
    }
    for (const [index, page] of corpus.pages.entries()) {
      for (const i of turnOrder(browsers.length, index)) await load(browsers[i]!, page.url);
    }
    for (const b of browsers) {
      b.run.cpu = treeCpuSeconds(b.pid) - b.cpuBefore;
      b.run.parts = minus(cpuParts(b.pid), b.partsBefore);
      const after = await b.activity();
      if (after !== null && b.activityBefore !== null) b.run.dispatches = after - b.activityBefore;
    }
    return browsers.map((b) => b.run);
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
  }
}

const fixed = (n: number, digits = 3) => n.toFixed(digits);

const bench: Benchmark = async () => {
  const rounds = envInt('BENCH_PAGE_LOAD_ROUNDS', 1, 1);
  const deeper = process.env.BENCH_PAGE_LOAD_DEEPER !== '0';
  const corpus = generateCorpus({ seed: envInt('BENCH_SEED', 1, 0), pages: envInt('BENCH_PAGE_LOAD_PAGES', 40, 1) });
  const sizes = corpus.pages.map((p) => p.bytes / 1024);
  console.error(
    `page-load: ${corpus.pages.length} pages, ${Math.round(Math.min(...sizes))}–${Math.round(Math.max(...sizes))} KB ` +
      `(median ${Math.round(median(sizes))} KB), ${rounds} round(s) of ${deeper ? 10 : 8} browsers`,
  );
  const server = await serveCorpus(corpus);
  const runs: LaunchRun[] = [];
  try {
    const plan = launchPlan(rounds, { deeper });
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      const done = await runRound(
        plan.filter((l) => l.round === round),
        corpus,
        server,
      );
      runs.push(...done);
      console.error(
        `  round ${round + 1} (${Math.round((performance.now() - started) / 1000)} s): ` +
          done.map((r) => `${r.arm} ${fixed(median(r.loads), 0)} ms/${fixed(r.cpu, 1)} s`).join(', ') +
          `; extension process ${done
            .filter((r) => r.arm === 'A')
            .map((r) => fixed(r.parts.extension, 3))
            .join(', ')} s`,
      );
    }
  } finally {
    await server.close();
  }
  if (server.served.missing > 0)
    throw new Error(`${server.served.missing} corpus requests found nothing (${server.missing().join(', ')}): the corpus is broken`);

  const loadsOf = (arm: Arm) => runs.filter((r) => r.arm === arm).map((r) => r.loads);
  const cpuRuns = runs.map((r) => ({ arm: r.arm, round: r.round, value: r.cpu }));
  const ab = pageRatios(loadsOf('A'), loadsOf('B'));
  const db = deeper ? pageRatios(loadsOf('D'), loadsOf('B')) : null;
  const cpuDb = deeper ? pairRatios(cpuRuns, 'D', 'B') : [];
  const dispatchesOf = (arm: Arm) => runs.filter((r) => r.arm === arm).map((r) => r.dispatches);
  const aa = pageRatios(loadsOf('X'), loadsOf('Y'));
  const cpuAb = pairRatios(cpuRuns, 'A', 'B');
  const cpuAa = pairRatios(cpuRuns, 'X', 'Y');
  const medianLoad = (arm: Arm) => fixed(median(loadsOf(arm).flat()), 1);
  const sumCpu = (arm: Arm) => runs.filter((r) => r.arm === arm).reduce((a, r) => a + r.cpu, 0);
  const sumPart = (arm: Arm, part: Part) => runs.filter((r) => r.arm === arm).reduce((a, r) => a + r.parts[part], 0);
  const partRatio = (part: Part) =>
    `${fixed(sumPart('A', part) / sumPart('B', part))} (A/A ${fixed(sumPart('X', part) / sumPart('Y', part))})`;
  const perLoad = (arm: Arm) => runs.filter((r) => r.arm === arm).length * corpus.pages.length;
  const corpusNote = `${corpus.pages.length} pages (${Math.round(Math.min(...sizes))}–${Math.round(Math.max(...sizes))} KB, seed ${corpus.seed}), ${rounds} round(s)`;
  const range = (values: number[]) => (values.length ? `${fixed(Math.min(...values))}–${fixed(Math.max(...values))}` : 'n/a');

  const results: BenchResult[] = [
    {
      id: 'page-load.time-ratio',
      label: 'page-load time, with / without extension',
      measured: ab.median,
      unit: '×',
      budget: BUDGET,
      direction: 'max',
      samples: ab.perPage,
      spread: [ab.p25, ab.p75],
      notes:
        `median over pages of each page's median load with / without; ${corpusNote}; ` +
        `median load ${medianLoad('A')} ms with, ${medianLoad('B')} ms without; A/A noise floor ${fixed(aa.median)} (p25–p75 ${fixed(aa.p25)}–${fixed(aa.p75)})`,
    },
    {
      id: 'page-load.time-ratio-aa',
      label: 'page-load time, A/A noise floor (without / without)',
      measured: aa.median,
      unit: '×',
      budget: BUDGET,
      direction: 'max',
      samples: aa.perPage,
      spread: [aa.p25, aa.p75],
      reference: true,
      notes: `the same harness with two identical arms: how far from 1 noise alone moves the ratio; ${corpusNote}`,
    },
    {
      id: 'page-load.cpu-ratio',
      label: 'browser CPU time over the corpus, with / without extension',
      measured: median(cpuAb),
      unit: '×',
      budget: BUDGET,
      direction: 'max',
      samples: cpuAb,
      notes:
        `whole browser process tree (service worker included), one ratio per adjacent A/B launch pair (${range(cpuAb)}); ` +
        `${fixed(sumCpu('A'), 2)} s with, ${fixed(sumCpu('B'), 2)} s without in total; A/A pairs ${range(cpuAa)}; ` +
        `with / without in the browser process ${partRatio('browser')}, in the network service ${partRatio('network')}`,
    },
    {
      id: 'page-load.cpu-ratio-aa',
      label: 'browser CPU time, A/A noise floor (without / without)',
      measured: median(cpuAa),
      unit: '×',
      budget: BUDGET,
      direction: 'max',
      samples: cpuAa,
      reference: true,
      notes: `per adjacent X/Y launch pair (${range(cpuAa)})`,
    },
    {
      id: 'page-load.extension-process-cpu',
      label: 'extension process CPU per page load (service worker)',
      measured: (1000 * sumPart('A', 'extension')) / perLoad('A'),
      unit: 'ms',
      budget: Number.NaN,
      direction: 'max',
      samples: runs.filter((r) => r.arm === 'A').map((r) => (1000 * r.parts.extension) / corpus.pages.length),
      reference: true,
      notes:
        `CPU of the renderer that runs the extension, direct and low-noise; ` +
        `${fixed((100 * sumPart('A', 'extension')) / sumCpu('A'), 2)} % of the browser's CPU with the extension (scheduler run time of its threads); ` +
        `per page load with / without: browser process ${fixed((1000 * sumPart('A', 'browser')) / perLoad('A'), 1)} / ${fixed((1000 * sumPart('B', 'browser')) / perLoad('B'), 1)} ms, ` +
        `network service ${fixed((1000 * sumPart('A', 'network')) / perLoad('A'), 1)} / ${fixed((1000 * sumPart('B', 'network')) / perLoad('B'), 1)} ms`,
    },
    {
      id: 'page-load.worker-dispatches',
      label: 'service-worker event dispatches over the healthy corpus (default mode)',
      measured: Math.max(...dispatchesOf('A')),
      unit: 'events',
      budget: 0,
      direction: 'max',
      samples: dispatchesOf('A'),
      notes:
        `events the worker handled while ${corpus.pages.length} healthy pages loaded, per browser with the extension (its own count, every listener wrapped)` +
        (deeper ? `; with the deeper checks ${dispatchesOf('D').join(', ')}` : ''),
    },
  ];
  if (db) {
    results.push(
      {
        id: 'page-load.time-ratio-deeper',
        label: 'page-load time, deeper checks / without extension',
        measured: db.median,
        unit: '×',
        budget: Number.NaN,
        direction: 'max',
        samples: db.perPage,
        spread: [db.p25, db.p75],
        reference: true,
        notes: `the optional mode that holds webRequest, same run and pages; A/A noise floor ${fixed(aa.median)}`,
      },
      {
        id: 'page-load.cpu-ratio-deeper',
        label: 'browser CPU time, deeper checks / without extension',
        measured: median(cpuDb),
        unit: '×',
        budget: Number.NaN,
        direction: 'max',
        samples: cpuDb,
        reference: true,
        notes: `per adjacent D/B launch pair (${range(cpuDb)})`,
      },
    );
  }
  return results;
};

export default bench;
