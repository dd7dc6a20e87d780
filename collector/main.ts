/** `npm run collector`: the collector, configured by the environment (docs/collector.md). */
import { loadConfig } from './config';
import { loadNetworkLookup } from './network/lookup';
import { startCollector } from './server';
import { describeStorageBudget, loadStorageBudget } from './storage-budget-config';

/** Every bad variable named at once, whichever loader found it. */
function load<T>(loader: () => T, errors: string[]): T | undefined {
  try {
    return loader();
  } catch (err) {
    errors.push((err as Error).message);
    return undefined;
  }
}
const errors: string[] = [];
const config = load(() => loadConfig(), errors);
const storageBudget = load(() => loadStorageBudget(), errors) ?? false;
if (!config || errors.length > 0) {
  console.error(`collector: bad configuration:\n${errors.join('\n')}`);
  process.exit(1);
}

const { networkLookup, networkTestRanges, publicStatus, publicMinReporters } = config.network;
const loadStarted = performance.now();
let networks: ReturnType<typeof loadNetworkLookup> | undefined;
try {
  networks =
    networkLookup || networkTestRanges
      ? loadNetworkLookup({ publicData: networkLookup, ...(networkTestRanges && { testRanges: networkTestRanges }) })
      : undefined;
} catch (err) {
  console.error(
    `collector: cannot load the network data: ${(err as Error).message}\n(install the collector's packages with npm ci, or set NETWORK_LOOKUP=off)`,
  );
  process.exit(1);
}
const loadMs = Math.round(performance.now() - loadStarted);
const collector = await startCollector({
  ...config,
  control: config.control ? {} : false,
  storageBudget,
  networks,
  publicStatus: publicStatus ? { minReporters: publicMinReporters } : false,
});
const limits = config.rateLimits
  ? `${config.rateLimits.addressPerMinute} submissions/min per address, ${config.rateLimits.keyPerHour} reports/h per key`
  : 'off';
console.log(`Blockwatch collector listening on ${collector.url}`);
console.log(`  database:    ${collector.store.description}`);
console.log(`  read side:   ${config.token ? 'open with the token (COLLECTOR_TOKEN)' : 'disabled (set COLLECTOR_TOKEN to enable it)'}`);
console.log(`  dashboard:   ${collector.url}/dashboard`);
console.log(`  rate limits: ${limits}${config.trustProxy ? `; client address from X-Forwarded-For (${config.trustProxy} proxy)` : ''}`);
console.log(`  storage:     ${describeStorageBudget(storageBudget)}`);
console.log(`  control:     ${config.control ? `${collector.url}/v1/control (set CONTROL=off to stop offering it)` : 'off (CONTROL=off)'}`);
console.log(
  `  networks:    ${networks ? `${networks.describe().source}, ${networks.describe().ranges} ranges loaded in ${loadMs} ms (set NETWORK_LOOKUP=off to stop)` : 'off (NETWORK_LOOKUP=off)'}`,
);
console.log(
  `  public:      ${publicStatus ? `${collector.url}/status (networks with at least ${publicMinReporters} reporters)` : 'off (set PUBLIC_STATUS=on to publish per-site status)'}`,
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await collector.close();
    process.exit(0);
  } catch (err) {
    console.error(`collector: failed to shut down after ${signal}:`, err);
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
