/**
 * A loopback proxy in front of a real collector that injects faults, chosen by which reports a
 * request carries: each rule names a set of report ids and the faults, in order, that requests
 * carrying any of them meet. When a rule's faults are used up its reports pass straight through.
 * Rules keyed on ids, not on request order, keep a test deterministic however the extension
 * happens to batch and time its sends.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** Answer this status without passing the request on; `retryAfter` in seconds. */
  | { kind: 'status'; status: number; retryAfter?: number }
  /** Pass the request on (the collector stores the reports), then answer 200 with a non-JSON body. */
  | { kind: 'not-json' }
  /** Pass the request on, then drop the connection instead of answering. */
  | { kind: 'drop-after-store' }
  /** Pass the request on, then never answer. */
  | { kind: 'hang' };

export interface LoggedRequest {
  at: number;
  ids: string[];
  /** The fault applied, or 'pass' / 'down'. */
  outcome: string;
  /** Status the collector answered, when the request reached it. */
  collectorStatus?: number;
}

export interface FaultCollector {
  url: string;
  /** Requests carrying any of `ids` meet `faults`, one per request, in order. */
  script(ids: Iterable<string>, faults: Fault[]): void;
  /** Faults scripted but not yet met. */
  pending(): number;
  /**
   * While down, every new connection and request is reset: the collector is unreachable. A request
   * already hanging stays hanging, as one cut off by a closing browser would.
   */
  setDown(down: boolean): void;
  log: LoggedRequest[];
  close(): Promise<void>;
}

interface Rule {
  ids: Set<string>;
  faults: Fault[];
}

export async function startFaultCollector(target: string): Promise<FaultCollector> {
  const rules: Rule[] = [];
  const log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  let down = false;

  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  server.on('connection', (socket) => {
    if (down) {
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // One request per connection: Chromium silently retries a request whose reused keep-alive
    // connection breaks, which would hide a dropped connection from the extension.
    res.shouldKeepAlive = false;
    if (down) {
      log.push({ at: Date.now(), ids: [], outcome: 'down' });
      req.socket.resetAndDestroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const ids = reportIds(body);
    const rule = rules.find((r) => r.faults.length > 0 && ids.some((id) => r.ids.has(id)));
    const fault = rule?.faults.shift();
    const entry: LoggedRequest = {
      at: Date.now(),
      ids,
      outcome: fault?.kind === 'status' ? `status ${fault.status}` : (fault?.kind ?? 'pass'),
    };
    log.push(entry);

    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      res.writeHead(fault.status, headers).end(JSON.stringify({ error: 'injected fault' }));
      return;
    }

    const upstream = await fetch(`${target}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers: { 'Content-Type': req.headers['content-type'] ?? 'application/json' },
      ...(req.method === 'POST' && { body }),
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    entry.collectorStatus = upstream.status;

    if (fault?.kind === 'not-json') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Service temporarily unavailable</body></html>');
      return;
    }
    if (fault?.kind === 'drop-after-store') {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'hang') return; // the socket stays open until the client gives up or close()
    res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'application/json' }).end(answer);
  }

  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo));
  });

  return {
    url: `http://127.0.0.1:${address.port}`,
    script(ids, faults) {
      rules.push({ ids: new Set(ids), faults: [...faults] });
    },
    pending: () => rules.reduce((n, r) => n + r.faults.length, 0),
    setDown(value) {
      down = value;
    },
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function reportIds(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { reports?: { report?: { id?: unknown } }[] };
    return (parsed.reports ?? []).map((r) => r.report?.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}
