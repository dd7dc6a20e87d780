// The built content script as every page pays for it: the file from .output/chrome-mv3, run by
// Chromium in its own isolated world at document_idle, on real navigations. A copy of the build is
// timed from the script's first statement to its last, which it writes into an attribute of the
// page for the benchmark to read: its compilation in each new page's process, the first touch of
// each DOM interface in its new world and the scan are in the figure; what Chromium spends creating
// that world before the first statement is not.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../tests/support/browser';
import { generateCorpus } from './corpus';
import { serveCorpus } from './corpus-server';

export const TIMING_ATTRIBUTE = 'data-blockwatch-scan-ms';

/** The built script with a clock around it. */
export function timedScript(built: string): string {
  return `var blockwatchScanStart = performance.now();\n${built}\n;document.documentElement.setAttribute('${TIMING_ATTRIBUTE}', String(performance.now() - blockwatchScanStart));\n`;
}

async function withTimedBuild<T>(
  buildDir: string,
  scriptFile: string,
  args: string[],
  use: (context: BrowserContext) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'blockwatch-timed-'));
  try {
    const extension = join(dir, 'extension');
    await cp(buildDir, extension, { recursive: true });
    const file = join(extension, scriptFile);
    await writeFile(file, timedScript(await readFile(file, 'utf8')));
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        ...args,
        `--disable-extensions-except=${extension}`,
        `--load-extension=${extension}`,
      ],
    });
    try {
      return await use(context);
    } finally {
      await context.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function timeOne(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load' });
  const handle = await page.waitForFunction((name) => document.documentElement.getAttribute(name), TIMING_ATTRIBUTE, { timeout: 10_000 });
  return Number(await handle.jsonValue());
}

/** Milliseconds the content script ran on each page of the page-load corpus, in corpus order. */
export async function timeOnCorpus(buildDir: string, scriptFile: string, pages = 40): Promise<number[]> {
  const corpus = generateCorpus({ seed: 1, pages });
  const server = await serveCorpus(corpus);
  try {
    return await withTimedBuild(buildDir, scriptFile, server.chromiumArgs, async (context) => {
      const page = await context.newPage();
      await page.goto(corpus.warmupUrl, { waitUntil: 'load' });
      const times: number[] = [];
      for (const p of corpus.pages) times.push(await timeOne(page, p.url));
      return times;
    });
  } finally {
    await server.close();
  }
}

/** Milliseconds the content script ran on each of `samples` fresh loads of each page, by page id. */
export async function timeOnPages(
  buildDir: string,
  scriptFile: string,
  pages: { id: string; html: string }[],
  samples: number,
): Promise<Map<string, number[]>> {
  // Each load is a new host, so a new page, process and world, as every real page is.
  // Images are not fetched: four hundred failing image requests would share the two cores with the
  // script and time the machine, not the script. The elements and their addresses are all there.
  const args = ['--host-resolver-rules=MAP * ~NOTFOUND', '--blink-settings=imagesEnabled=false'];
  return withTimedBuild(buildDir, scriptFile, args, async (context) => {
    const bodies = new Map(pages.map((p) => [p.id, p.html]));
    // Only the documents go through the benchmark; anything else a page asks for fails at once.
    const documents = new RegExp(`^http://s\\d+\\.bench\\.invalid/(?:${pages.map((p) => p.id).join('|')})$`);
    await context.route(documents, (route) => {
      const id = new URL(route.request().url()).pathname.slice(1);
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: bodies.get(id) ?? '' });
    });
    const page = await context.newPage();
    const out = new Map<string, number[]>();
    for (const { id } of pages) {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) times.push(await timeOne(page, `http://s${i}.bench.invalid/${id}`));
      out.set(id, times);
    }
    return out;
  });
}
