/**
 * Writes data/secure-watch-list.json from a local git checkout of citizenlab/test-lists: the hosts
 * of its global list's social networks, media-sharing and communication sites, whose secure pages
 * Blockwatch reads by default. Downloads nothing.
 *
 *   npm run watch-list -- --test-lists <checkout>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { revision } from '../fingerprints/provenance';
import { listUrls, watchedHosts } from './hosts';

const LIST = 'lists/global.csv';
/**
 * Social networking, media sharing, communication tools: the kind of platform that has been slowed
 * rather than blocked outright (Twitter in Russia in 2021, YouTube in 2024). Every pattern in the
 * manifest is matched against every navigation, so the list is kept to these (about 240 hosts):
 * the whole global list, about 1,600, cost 2.4-3.1 % of browser CPU by itself.
 */
const CATEGORIES = ['GRP', 'MMED', 'COMT'];
const OUT = resolve(import.meta.dirname, '../../data/secure-watch-list.json');

const { values } = parseArgs({ options: { 'test-lists': { type: 'string' } } });
const dir = values['test-lists'];
if (!dir) {
  console.error('usage: npm run watch-list -- --test-lists <git checkout of citizenlab/test-lists>');
  process.exit(2);
}
const { commit, date } = revision(dir, [LIST, 'README.md']);
const readme = readFileSync(join(dir, 'README.md'), 'utf8');
// The repository states its licence in its README, not in a licence file.
if (!/Attribution-NonCommercial-ShareAlike 4\.0/.test(readme))
  throw new Error('the test lists no longer state CC BY-NC-SA 4.0: review the licence first');
const hosts = watchedHosts(listUrls(readFileSync(join(dir, LIST), 'utf8'), CATEGORIES));
const data = {
  provenance: {
    repository: 'https://github.com/citizenlab/test-lists',
    commit,
    date,
    files: [LIST],
    categories: CATEGORIES,
    licence: 'CC-BY-NC-SA-4.0',
    licenceFile: 'README.md',
    attribution: 'Citizen Lab and Others, URL Testing Lists Intended for Discovering Website Censorship',
  },
  hosts,
};
writeFileSync(OUT, `${JSON.stringify(data, null, 1)}\n`);
console.log(`${hosts.length} hosts from ${LIST} at ${commit} (${date}) written to data/secure-watch-list.json`);
