/**
 * `npm start`: the local collector on its embedded database, and Chromium with Blockwatch pointed
 * at it. With a display the browser stays open for you to use; without one, a short headless
 * demonstration browses the censorship simulator and prints what the collector received.
 */
import { startCollector } from '../collector/server';
import { launchBrowser } from '../tests/support/browser';
import { openOptions, saveEndpoint, waitFor } from '../tests/support/extension';
import { startSimulator } from '../tests/support/simulator';

const port = Number(process.env.PORT ?? 8787);
const dataDir = process.env.DATA_DIR ?? 'collector/data';
const headless = !process.env.DISPLAY || process.env.BLOCKWATCH_DEMO === '1';

const collector = await startCollector({ port, dataDir });
console.log(`Collector: ${collector.url} (embedded database in ${dataDir})`);

if (!headless) {
  const browser = await launchBrowser({ headed: true, profileDir: '.output/chromium-profile' });
  const options = await openOptions(browser);
  console.log(`Options page: ${await saveEndpoint(options, collector.url)}`);
  console.log('Browse in the Chromium window; close it to stop.');
  await new Promise<void>((resolve) => browser.context.once('close', () => resolve()));
  await collector.close();
  process.exit(0);
}

console.log('No display: running a short demonstration against the censorship simulator on loopback.');
const sim = await startSimulator();
const browser = await launchBrowser({ args: sim.chromiumArgs({ httpsUpgrades: true }) });
try {
  const options = await openOptions(browser);
  console.log(`Options page: ${await saveEndpoint(options, collector.url)}`);
  const since = new Date();
  const sites = [sim.sites.reset, sim.sites.dns, sim.sites.untrusted, sim.sites.plaintext443, sim.sites.http451, sim.sites.healthy];
  for (const site of sites) {
    const page = await browser.context.newPage();
    const outcome = await page.goto(site.url, { timeout: 20_000 }).then(
      (response) => `HTTP ${response?.status()}`,
      (error: Error) => error.message.split('\n')[0],
    );
    console.log(`Visited ${site.url.padEnd(28)} ${outcome}`);
  }
  const blockedHosts = sites.filter((s) => s.expect !== 'none').map((s) => s.host);
  const rows = await waitFor(
    'the reports to reach the collector',
    async () => {
      const stored = await collector.store.list({ since, limit: 100 });
      return blockedHosts.every((h) => stored.some((r) => r.host === h)) ? stored : undefined;
    },
    60_000,
  );
  console.log(`\nThe collector received ${rows.length} signed reports:`);
  for (const row of rows) {
    const { report } = row;
    console.log(
      `  ${report.host.padEnd(16)} ${report.verdict.kind.padEnd(10)} confirmed=${report.verdict.confirmed} url=${report.url} evidence=${JSON.stringify(report.evidence)}`,
    );
  }
  const healthy = rows.some((r) => r.host === sim.sites.healthy.host) ? 'a report (unexpected)' : 'no report';
  console.log(`\n${sim.sites.healthy.host}, the healthy site, produced ${healthy}.`);
} finally {
  await browser.close();
  await sim.close();
  await collector.close();
}
