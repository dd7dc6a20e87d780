import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CANARIES, DEFAULT_DOH_RESOLVER } from '../../utils/storage/settings-rules';
import { localeMessages, type Locale } from '../support/i18n';

const store = (file: string) => readFileSync(resolve(import.meta.dirname, '../../docs/store', file), 'utf8').replace(/\s*\n\s*/g, ' ');
const LOCALES: Locale[] = ['en', 'ru', 'kk'];
/** The name a reader knows a default check site by: www.wikipedia.org → Wikipedia. */
const siteName = (url: string) =>
  new URL(url).hostname
    .replace(/^www\./, '')
    .split('.')[0]!
    .toLowerCase();

describe.each(LOCALES)('store texts in %s', (locale) => {
  it('the listing’s summary is the extension’s own description, within the store’s 132 characters', () => {
    const summary = /\*\*[^*]+\*\* \([^)]*132[^)]*\): (.+?) ## /.exec(store(`listing-${locale}.md`))?.[1];
    const description = localeMessages(locale).extDescription!.message;
    expect(summary).toBe(description);
    expect(description.length).toBeLessThanOrEqual(132);
  });

  it('the privacy policy names the default outside checks and the redacted address', () => {
    const policy = store(`privacy-policy-${locale}.md`).toLowerCase();
    for (const canary of DEFAULT_CANARIES) expect(policy, canary).toContain(siteName(canary));
    expect(policy).toContain(siteName(DEFAULT_DOH_RESOLVER.replace('cloudflare-dns', 'cloudflare')));
    expect(policy).toContain('`https://example.kz/`');
    expect(policy).toContain('`firefox 153`');
  });
});
