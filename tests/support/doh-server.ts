// A DNS-over-HTTPS resolver for the simulator: the JSON API (`application/dns-json`) public
// resolvers offer, answering from a table the test controls. It runs on loopback like every other
// simulated site, so a DoH check in the tests never leaves the machine.
import type http from 'node:http';

export interface DohTable {
  /** Host name → its addresses, or 'nxdomain' for a name that does not exist anywhere. */
  answers: Map<string, string[] | 'nxdomain'>;
  /** Every question asked, as "name type". */
  queries: string[];
}

export function createDohTable(): DohTable {
  return { answers: new Map(), queries: [] };
}

const TYPES: Record<string, number> = { A: 1, AAAA: 28 };

export function dohHandler(table: DohTable) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'https://doh.test');
    const name = (url.searchParams.get('name') ?? '').replace(/\.$/, '').toLowerCase();
    const type = (url.searchParams.get('type') ?? 'A').toUpperCase();
    if (url.pathname !== '/dns-query' || !name || !(type in TYPES)) {
      res.writeHead(400, { 'content-type': 'application/dns-json' });
      res.end(JSON.stringify({ Status: 1 }));
      return;
    }
    table.queries.push(`${name} ${type}`);
    const known = table.answers.get(name);
    const wanted = (known === 'nxdomain' || !known ? [] : known).filter((a) => (type === 'AAAA') === a.includes(':'));
    const body = {
      Status: known === 'nxdomain' || !known ? 3 : 0,
      Question: [{ name: `${name}.`, type: TYPES[type] }],
      ...(wanted.length > 0 && { Answer: wanted.map((data) => ({ name: `${name}.`, type: TYPES[type], TTL: 300, data })) }),
    };
    res.writeHead(200, { 'content-type': 'application/dns-json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
}
