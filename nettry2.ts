import { readFileSync } from 'node:fs';
import { dataFiles, readTable } from './collector/network/load-data';
const f = dataFiles();
for (const [k, path] of Object.entries(f)) {
  let t = performance.now();
  const b = readFileSync(path);
  const tr = performance.now() - t;
  t = performance.now();
  const tab = readTable(b, k.endsWith('4') ? 1 : 4, (bytes, from, to) => (to > from ? 1 + (bytes[from]! & 7) : 0));
  console.log(k, 'read', tr.toFixed(0), 'parse', (performance.now() - t).toFixed(0), tab.segments);
}
