/**
 * `npm run collector:copy`: moves an organisation from the embedded database onto PostgreSQL.
 * Copies every report in DATA_DIR into DATABASE_URL, page by page, keeping signatures, key
 * fingerprints, the time each was received and the network it was delivered from. Safe to run
 * twice: a report already there is kept.
 */
import { openPgliteStore, openPostgresStore, type Cursor, type ReportStore } from './store';

const PAGE = 500;

export async function copyReports(
  from: ReportStore,
  to: ReportStore,
  progress: (copied: number) => void = () => {},
): Promise<{ copied: number; conflicting: string[] }> {
  let after: Cursor | undefined;
  let copied = 0;
  const conflicting: string[] = [];
  for (;;) {
    const page = await from.list({ limit: PAGE, after });
    if (page.length === 0) break;
    const result = await to.insertMany(
      page.map(({ report, signature, keyFingerprint, receivedAt, receivedNetwork }) => ({
        report,
        signature,
        keyFingerprint,
        receivedAt,
        receivedNetwork,
      })),
    );
    copied += result.accepted.length;
    conflicting.push(...result.conflicting);
    progress(copied);
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
    if (page.length < PAGE) break;
  }
  return { copied, conflicting };
}

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR || 'collector/data';
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error('set DATABASE_URL to the PostgreSQL database to copy into (and DATA_DIR to the embedded one to copy from)');
  const from = await openPgliteStore(dataDir);
  try {
    const to = await openPostgresStore(databaseUrl);
    try {
      const total = await from.count();
      console.log(`copying ${total} reports from ${from.description} to ${to.description}`);
      const { copied, conflicting } = await copyReports(from, to, (n) => process.stdout.write(`\r${n} / ${total}`));
      console.log(`\ncopied ${copied} reports; ${to.description} now holds ${await to.count()}`);
      if (conflicting.length > 0)
        console.log(
          `${conflicting.length} ids were already used there by different reports and were left alone: ${conflicting.slice(0, 10).join(', ')}…`,
        );
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(`collector:copy: ${(err as Error).message}`);
    process.exit(1);
  });
}
