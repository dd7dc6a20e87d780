// A seeded, deterministic corpus of news-article pages for the page-load benchmark: HTML with
// text, real PNG and SVG images, render-blocking CSS, deferred, async and inline scripts, a shared
// script host. Generated in memory at bench time so no large files live in the repository; the
// same seed always gives the same bytes.
import { encodePng } from './png';

export interface CorpusResource {
  body: Buffer;
  type: string;
}

export interface CorpusPage {
  url: string;
  host: string;
  title: string;
  /** The document and every resource it references, each counted once. */
  bytes: number;
  images: number;
  scripts: number;
  stylesheets: number;
  /** Every URL the page loads, the document first. */
  resources: string[];
}

export interface Corpus {
  seed: number;
  pages: CorpusPage[];
  /** By absolute URL (https://host/path). */
  resources: Map<string, CorpusResource>;
  /** A small page on its own host, loaded once per browser launch before the measured pages. */
  warmupUrl: string;
}

export interface CorpusOptions {
  seed?: number;
  pages?: number;
}

export const MIN_PAGE_BYTES = 20 * 1024;
export const MAX_PAGE_BYTES = 600 * 1024;
/** Site hosts under example.com, the shared script host under example.net, the warm-up page under example.org: reserved names. */
export const CORPUS_DOMAINS = ['example.com', 'example.net', 'example.org'];
const SHARED_HOST = 'cdn.example.net';

export type Random = () => number;

/** mulberry32: small, fast and good enough to make varied but reproducible content. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (random: Random, low: number, high: number) => low + (high - low) * random();
const int = (random: Random, low: number, high: number) => Math.floor(between(random, low, high + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const SYLLABLES = [
  'ka',
  'zan',
  'ver',
  'tri',
  'bu',
  'ak',
  'sha',
  'mol',
  'ga',
  'zet',
  'or',
  'da',
  'sar',
  'ay',
  'lan',
  'tur',
  'ne',
  'po',
  'li',
  'tik',
  'ek',
  'on',
  'om',
  'ra',
  'dy',
  'bek',
  'al',
  'ma',
  'ty',
  'as',
  'ta',
  'na',
  'ze',
  'ri',
  'kor',
  'res',
  'pon',
  'dent',
  'in',
  'fo',
  'ser',
  'vis',
  'me',
  'dia',
  'uly',
  'qa',
  'la',
  'stan',
];

function makeVocabulary(random: Random, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    let word = '';
    const parts = int(random, 1, 4);
    for (let i = 0; i < parts; i++) word += pick(random, SYLLABLES);
    words.add(word);
  }
  return [...words];
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function sentence(random: Random, vocabulary: string[]): string {
  const words = Array.from({ length: int(random, 6, 22) }, () => pick(random, vocabulary));
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}${pick(random, ['.', '.', '.', '?', '!'])}`;
}

function paragraph(random: Random, vocabulary: string[]): string {
  return Array.from({ length: int(random, 2, 7) }, () => sentence(random, vocabulary)).join(' ');
}

function title(random: Random, vocabulary: string[]): string {
  const words = Array.from({ length: int(random, 4, 10) }, () => pick(random, vocabulary)).join(' ');
  return `${words[0]!.toUpperCase()}${words.slice(1)}`;
}

const hex = (random: Random) =>
  Math.floor(random() * 0xffffff)
    .toString(16)
    .padStart(6, '0');

/**
 * A photo-sized PNG of about `bytes` compressed bytes: each row starts with incompressible noise
 * and ends in a smooth gradient, so the image has many more pixels than bytes, as photos do.
 */
export function makePng(random: Random, bytes: number): { body: Buffer; width: number; height: number } {
  const pixels = Math.max(32 * 24, Math.round((bytes * 2.5) / 3));
  const aspect = pick(random, [4 / 3, 16 / 9, 3 / 2, 1]);
  const width = Math.max(32, Math.round(Math.sqrt(pixels * aspect)));
  const height = Math.max(24, Math.round(pixels / width));
  const stride = width * 3;
  const noisy = Math.min(stride, Math.max(0, Math.round((bytes - 600) / height)));
  const rgb = new Uint8Array(stride * height);
  const [r0, g0, b0] = [int(random, 0, 255), int(random, 0, 255), int(random, 0, 255)];
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    let x = 0;
    for (; x + 4 <= noisy; x += 4) {
      const v = (random() * 4294967296) >>> 0;
      rgb[row + x] = v & 0xff;
      rgb[row + x + 1] = (v >>> 8) & 0xff;
      rgb[row + x + 2] = (v >>> 16) & 0xff;
      rgb[row + x + 3] = v >>> 24;
    }
    for (; x < stride; x++) {
      const channel = x % 3;
      const px = Math.floor(x / 3);
      const base = channel === 0 ? r0 : channel === 1 ? g0 : b0;
      rgb[row + x] = (base + ((px + y) >> 2)) & 0xff;
    }
  }
  return { body: encodePng(width, height, rgb), width, height };
}

/** An illustration or chart: coloured polygons until the file reaches about `bytes`. */
export function makeSvg(random: Random, bytes: number): { body: Buffer; width: number; height: number } {
  const [width, height] = pick(random, [
    [800, 450],
    [640, 480],
    [600, 600],
  ] as const);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`];
  parts.push(`<rect width="${width}" height="${height}" fill="#${hex(random)}"/>`);
  let size = parts.join('').length + 6;
  while (size < bytes) {
    const points = Array.from({ length: int(random, 3, 9) }, () => `${int(random, 0, width)} ${int(random, 0, height)}`);
    const shape = `<path d="M${points.join(' L')} Z" fill="#${hex(random)}" fill-opacity="${(0.2 + random() * 0.7).toFixed(2)}"/>`;
    parts.push(shape);
    size += shape.length;
  }
  parts.push('</svg>');
  return { body: Buffer.from(parts.join('')), width, height };
}

/** Site CSS: the layout the page uses, then the long tail of rules a real theme carries. */
export function makeCss(random: Random, bytes: number): string {
  const rules = [
    'html{font-family:Georgia,serif;line-height:1.6;color:#1b1b1b;background:#fff}',
    'body{margin:0}header,footer{background:#102a43;color:#f0f4f8;padding:12px 24px}',
    'nav a{color:inherit;margin-right:16px;text-decoration:none}',
    'main{display:flex;gap:32px;max-width:1100px;margin:0 auto;padding:24px}',
    'article{flex:3;min-width:0}aside{flex:1;font-size:.9em}',
    'figure{margin:24px 0}figure img{max-width:100%;height:auto;display:block}',
    'figcaption{color:#52606d;font-size:.85em}.lede{font-size:1.2em}',
    '#toc{background:#f0f4f8;padding:12px 32px}',
  ];
  let size = rules.join('').length;
  for (let i = 0; size < bytes; i++) {
    const rule =
      `.c-${i.toString(36)}-${int(random, 0, 999)}{margin:${int(random, 0, 32)}px ${int(random, 0, 32)}px;` +
      `padding:${int(random, 0, 24)}px;color:#${hex(random)};font-size:${(0.7 + random()).toFixed(2)}em;` +
      `border:${int(random, 0, 3)}px solid #${hex(random)}}` +
      (random() < 0.2 ? `@media (max-width:${int(random, 480, 1024)}px){.c-${i.toString(36)}{display:none}}` : '');
    rules.push(rule);
    size += rule.length;
  }
  return rules.join('\n');
}

const FUNCTION_BODIES = [
  (n: string, k: number) =>
    `function ${n}(s,m){var h=${k};for(var i=0;i<s.length;i++){h=Math.imul(h^s.charCodeAt(i),16777619)}var o=[];for(var j=0;j<m;j++){o.push((h>>>(j%24))&255)}return o.join('-')}`,
  (n: string, k: number) =>
    `function ${n}(s,m){var w=s.split(' '),r={};for(var i=0;i<w.length;i++){r[w[i]]=(r[w[i]]||0)+${k % 7}+i%m}return Object.keys(r).sort().join(',')}`,
  (n: string, k: number) =>
    `function ${n}(s,m){var a=[];for(var i=0;i<m*${(k % 5) + 2};i++){a.push({id:i,label:s.slice(i%s.length)+i})}return a.filter(function(x){return x.id%3}).map(function(x){return x.label.length}).reduce(function(p,q){return p+q},0)}`,
  (n: string, k: number) =>
    `function ${n}(s,m){var e=document.createElement('div');e.className='w-${k}';e.textContent=s.slice(0,m*8);return e.textContent.length+e.className.length}`,
];

/** A bundle of application code: many functions and strings, a share of them run at load. */
export function makeScript(random: Random, vocabulary: string[], bytes: number, name: string): string {
  const parts = [`/* ${name} */`, '(function(){"use strict";'];
  const functions: string[] = [];
  let size = 64;
  while (size < bytes) {
    const fn = `f${functions.length.toString(36)}`;
    const body = pick(random, FUNCTION_BODIES)(fn, int(random, 1, 1_000_000));
    const text = `var t${fn}=${JSON.stringify(sentence(random, vocabulary))};\n${body}\n`;
    parts.push(text);
    functions.push(fn);
    size += text.length;
  }
  const run = functions.filter(() => random() < 0.3);
  parts.push(
    `var total=0;${run.map((fn) => `total+=String(${fn}(t${fn},${int(random, 4, 24)})).length;`).join('')}` +
      `document.documentElement.setAttribute('data-${name.replace(/[^a-z0-9]/g, '')}',String(total));})();`,
  );
  return parts.join('\n');
}

const INLINE_SCRIPT =
  "document.addEventListener('DOMContentLoaded',function(){var toc=document.getElementById('toc');" +
  "document.querySelectorAll('article h2').forEach(function(h,i){h.id='s'+i;var li=document.createElement('li');" +
  "var a=document.createElement('a');a.href='#s'+i;a.textContent=h.textContent;li.appendChild(a);toc.appendChild(li)});" +
  "document.querySelectorAll('figure img').forEach(function(img){img.decoding='async'})});";

function siteNames(random: Random, count: number, vocabulary: string[]): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    const name = `${pick(random, vocabulary)}${pick(random, ['', '-news', '-times', '-daily', '-info', '-media', 'press'])}`;
    if (name.length >= 4 && name.length <= 24) names.add(`${name}.example.com`);
  }
  return [...names];
}

export function generateCorpus(options: CorpusOptions = {}): Corpus {
  const seed = options.seed ?? 1;
  const pageCount = options.pages ?? 40;
  const random = seededRandom(seed);
  const vocabulary = makeVocabulary(random, 800);
  const resources = new Map<string, CorpusResource>();
  const put = (url: string, type: string, body: Buffer | string) => {
    resources.set(url, { type, body: typeof body === 'string' ? Buffer.from(body) : body });
    return url;
  };

  // Shared library builds on one script host, as sites share a framework from a CDN.
  const shared = [8, 16, 32].map((kb, i) =>
    put(`https://${SHARED_HOST}/lib/vendor-${i + 1}.js`, 'text/javascript', makeScript(random, vocabulary, kb * 1024, `vendor-${i + 1}`)),
  );

  const hosts = siteNames(random, pageCount, vocabulary);
  const pages: CorpusPage[] = hosts.map((host, index) => {
    const origin = `https://${host}`;
    const total = Math.exp(between(random, Math.log(24 * 1024), Math.log(540 * 1024)));
    const htmlBytes = Math.min(120 * 1024, Math.max(8 * 1024, total * between(random, 0.12, 0.25)));
    const cssBytes = Math.min(40 * 1024, Math.max(2 * 1024, total * between(random, 0.03, 0.08)));
    let jsBytes = Math.min(150 * 1024, Math.max(3 * 1024, total * between(random, 0.15, 0.3)));
    const imageBytes = Math.max(4 * 1024, total - htmlBytes - cssBytes - jsBytes);

    const used: string[] = [];
    const css = put(`${origin}/assets/site.${hex(random)}.css`, 'text/css; charset=utf-8', makeCss(random, cssBytes));
    used.push(css);
    const scripts: string[] = [];
    const library = [...shared].reverse().find((url) => resources.get(url)!.body.length <= jsBytes * 0.6);
    if (library) {
      scripts.push(`<script async src="${library}"></script>`);
      used.push(library);
      jsBytes -= resources.get(library)!.body.length;
    }
    const app = put(
      `${origin}/assets/app.${hex(random)}.js`,
      'text/javascript',
      makeScript(random, vocabulary, Math.max(2048, jsBytes), `app-${index}`),
    );
    scripts.push(`<script defer src="${app}"></script>`);
    used.push(app);

    const imageCount = int(random, 2, 8);
    const weights = Array.from({ length: imageCount }, (_, i) => (i === 0 ? 3 : 1) * between(random, 0.5, 1.5));
    const weightSum = weights.reduce((a, b) => a + b, 0);
    const figures = weights.map((w, i) => {
      const bytes = Math.max(1536, (imageBytes * w) / weightSum);
      const svg = i > 0 && random() < 0.3;
      const image = svg ? makeSvg(random, bytes) : makePng(random, bytes);
      const url = put(`${origin}/media/${hex(random)}.${svg ? 'svg' : 'png'}`, svg ? 'image/svg+xml' : 'image/png', image.body);
      used.push(url);
      return (
        `<figure><img src="${url}" width="${image.width}" height="${image.height}" alt="${escapeHtml(title(random, vocabulary))}">` +
        `<figcaption>${escapeHtml(sentence(random, vocabulary))}</figcaption></figure>`
      );
    });

    const headline = title(random, vocabulary);
    const path = `/news/${2020 + int(random, 0, 6)}/${headline.toLowerCase().split(' ').slice(0, 5).join('-')}`;
    const others = hosts.filter((h) => h !== host);
    const head =
      `<!doctype html><html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${escapeHtml(headline)}</title><meta name="description" content="${escapeHtml(sentence(random, vocabulary))}">` +
      `<link rel="stylesheet" href="${css}">${scripts.join('')}</head><body>` +
      `<header><svg width="120" height="28" viewBox="0 0 120 28" aria-hidden="true"><rect width="28" height="28" fill="#${hex(random)}"/>` +
      `<text x="34" y="20" fill="#fff">${escapeHtml(host.split('.')[0]!)}</text></svg>` +
      `<nav>${Array.from({ length: 7 }, () => `<a href="/section/${pick(random, vocabulary)}">${pick(random, vocabulary)}</a>`).join('')}</nav></header>` +
      `<main><article><h1>${escapeHtml(headline)}</h1><p class="lede">${escapeHtml(paragraph(random, vocabulary))}</p>${figures[0]}<ol id="toc"></ol>`;
    const tail =
      `</article><aside><h2>Related</h2><ul>` +
      Array.from(
        { length: 8 },
        () => `<li><a href="https://${pick(random, others)}/">${escapeHtml(title(random, vocabulary))}</a></li>`,
      ).join('') +
      `</ul></aside></main><footer><p>${escapeHtml(sentence(random, vocabulary))}</p></footer><script>${INLINE_SCRIPT}</script></body></html>`;

    const body: string[] = [];
    let size = head.length + tail.length + figures.slice(1).reduce((a, f) => a + f.length, 0);
    while (size < htmlBytes) {
      const section =
        `<h2>${escapeHtml(title(random, vocabulary))}</h2>` +
        Array.from({ length: int(random, 2, 5) }, () => `<p>${escapeHtml(paragraph(random, vocabulary))}</p>`).join('');
      body.push(section);
      size += section.length;
    }
    // Spread the remaining figures through the text.
    figures.slice(1).forEach((figure, i) => {
      const at = Math.min(body.length, Math.round(((i + 1) * body.length) / figures.length));
      body.splice(at + i, 0, figure);
    });
    const url = put(`${origin}${path}`, 'text/html; charset=utf-8', head + body.join('') + tail);
    const all = [url, ...used];
    return {
      url,
      host,
      title: headline,
      bytes: all.reduce((a, u) => a + resources.get(u)!.body.length, 0),
      images: imageCount,
      scripts: scripts.length + 1,
      stylesheets: 1,
      resources: all,
    };
  });

  const warmupUrl = put(
    'https://warmup.example.org/',
    'text/html; charset=utf-8',
    '<!doctype html><title>warm-up</title><p>Warm-up page.</p>',
  );
  return { seed, pages, resources, warmupUrl };
}
