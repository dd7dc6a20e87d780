import { startCollector } from './server';

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.DATA_DIR ?? 'collector/data';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`collector: PORT must be an integer from 0 to 65535, got ${process.env.PORT}`);
  process.exit(1);
}

// CONTROL=off stops offering control measurements (a fetch of a public URL from this machine).
const control = process.env.CONTROL === 'off' ? false : {};
const collector = await startCollector({ port, host, dataDir, control });
console.log(`Blockwatch collector listening on ${collector.url} (data in ${dataDir})`);

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
