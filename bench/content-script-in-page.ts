// The built content script as every page pays for it: the file from .output/chrome-mv3, run by
// Chromium in its own isolated world at document_idle, on the page-load benchmark's corpus of
// articles served over HTTPS on loopback. A copy of the build is timed from the script's first
// statement to its last, which it writes into an attribute of the page for the benchmark to read;
// what Chromium spends creating the isolated world before that is not in the figure.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../tests/support/browser';
import { generateCorpus } from './corpus';
import { serveCorpus } from './corpus-server';

export const TIMING_ATTRIBUTE = 'data-blockwatch-scan-ms';

/** The built script with a clock around it. */
export function timedScript(built: string): string {
  return `var blockwatchScanStart = performance.now();\n${built}\n;document.documentElement.setAttribute('${TIMING_ATTRIBUTE}', String(performance.now() - blockwatchScanStart));\n`;
}

/** Milliseconds the content script ran on each corpus page, in corpus order. */
export async function timeOnCorpus(buildDir: string, scriptFile: string, pages = 40): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'blockwatch-timed-'));
  const corpus = generateCorpus({ seed: 1, pages });
  const server = await serveCorpus(corpus);
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
        ...server.chromiumArgs,
        `--disable-extensions-except=${extension}`,
        `--load-extension=${extension}`,
      ],
    });
    try {
      const page = await context.newPage();
      await page.goto(corpus.warmupUrl, { waitUntil: 'load' });
      const times: number[] = [];
      for (const p of corpus.pages) {
        await page.goto(p.url, { waitUntil: 'load' });
        const handle = await page.waitForFunction((name) => document.documentElement.getAttribute(name), TIMING_ATTRIBUTE, {
          timeout: 10_000,
        });
        times.push(Number(await handle.jsonValue()));
      }
      return times;
    } finally {
      await context.close();
    }
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
