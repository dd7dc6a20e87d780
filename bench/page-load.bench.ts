/**
 * Page-load time and browser CPU time in real Chromium with the built extension (A) and without
 * it (B), over a generated corpus of news articles served over HTTPS on loopback. Launches run
 * A B B A, each on a fresh profile, every page once per launch; an X Y Y X block of two identical
 * arms (both without the extension) in the same run shows the harness's own noise floor.
 *
 * BENCH_PAGE_LOAD_ROUNDS (default 1; each round is 8 launches), BENCH_PAGE_LOAD_PAGES (default 40),
 * BENCH_SEED (default 1).
 */
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser';
import { launchPlan, pageRatios, pairRatios, type Arm } from './compare';
import { generateCorpus, type Corpus } from './corpus';
import { serveCorpus, type CorpusServer } from './corpus-server';
import { findBrowserPid, treeCpuSeconds } from './proc-cpu';
import { median, type Benchmark, type BenchResult } from './types';

const BUDGET = 1.02;
const SETTLE_MS = 1_500;

interface LaunchRun {
  arm: Arm;
  round: number;
  /** Navigation start to loadEventEnd, ms, per corpus page in order. */
  loads: number[];
  /** CPU seconds of the whole browser process tree while the corpus loaded. */
  cpu: number;
  wallMs: number;
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

async function runLaunch(arm: Arm, round: number, corpus: Corpus, server: CorpusServer): Promise<LaunchRun> {
  const browser = await launchBrowser({ withoutExtension: arm !== 'A', args: server.chromiumArgs });
  try {
    const pid = findBrowserPid(browser.profileDir);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // The first navigation of a browser pays for starting its network and renderer processes.
    await page.goto(corpus.warmupUrl, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const cpuBefore = treeCpuSeconds(pid);
    const started = performance.now();
    const loads: number[] = [];
    for (const corpusPage of corpus.pages) {
      const response = await page.goto(corpusPage.url, { waitUntil: 'load', timeout: 60_000 });
      if (response?.status() !== 200) throw new Error(`${corpusPage.url} answered ${response?.status()}`);
      loads.push(await loadTime(page));
    }
    const wallMs = performance.now() - started;
    const cpu = treeCpuSeconds(pid) - cpuBefore;
    return { arm, round, loads, cpu, wallMs };
  } finally {
    await browser.close();
  }
}

const fixed = (n: number, digits = 3) => n.toFixed(digits);

const bench: Benchmark = async () => {
  const rounds = envInt('BENCH_PAGE_LOAD_ROUNDS', 1, 1);
  const corpus = generateCorpus({ seed: envInt('BENCH_SEED', 1, 0), pages: envInt('BENCH_PAGE_LOAD_PAGES', 40, 1) });
  const sizes = corpus.pages.map((p) => p.bytes / 1024);
  console.error(
    `page-load: ${corpus.pages.length} pages, ${Math.round(Math.min(...sizes))}–${Math.round(Math.max(...sizes))} KB ` +
      `(median ${Math.round(median(sizes))} KB), ${rounds} round(s) of 8 launches`,
  );
  const server = await serveCorpus(corpus);
  const runs: LaunchRun[] = [];
  try {
    for (const { arm, round } of launchPlan(rounds)) {
      const run = await runLaunch(arm, round, corpus, server);
      runs.push(run);
      console.error(
        `  launch ${runs.length} ${arm}: median load ${fixed(median(run.loads), 1)} ms, CPU ${fixed(run.cpu, 2)} s, ${Math.round(run.wallMs)} ms`,
      );
    }
  } finally {
    await server.close();
  }
  if (server.served.missing > 0) throw new Error(`${server.served.missing} corpus requests found nothing (${server.missing().join(', ')}): the corpus is broken`);

  const loadsOf = (arm: Arm) => runs.filter((r) => r.arm === arm).map((r) => r.loads);
  const cpuRuns = runs.map((r) => ({ arm: r.arm, round: r.round, value: r.cpu }));
  const ab = pageRatios(loadsOf('A'), loadsOf('B'));
  const aa = pageRatios(loadsOf('X'), loadsOf('Y'));
  const cpuAb = pairRatios(cpuRuns, 'A', 'B');
  const cpuAa = pairRatios(cpuRuns, 'X', 'Y');
  const medianLoad = (arm: Arm) => fixed(median(loadsOf(arm).flat()), 1);
  const sumCpu = (arm: Arm) => runs.filter((r) => r.arm === arm).reduce((a, r) => a + r.cpu, 0);
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
        `${fixed(sumCpu('A'), 2)} s with, ${fixed(sumCpu('B'), 2)} s without in total; A/A pairs ${range(cpuAa)}`,
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
  ];
  return results;
};

export default bench;
