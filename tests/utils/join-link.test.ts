import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  confirmationUrl,
  endpointFromConfirmationQuery,
  endpointFromJoinPage,
  JOIN_BUTTON_ID,
  JOIN_META_NAME,
  JOIN_PATH,
} from '../../utils/ui-api/join-link';

describe('endpointFromJoinPage', () => {
  it('is the page’s own address without /join', () => {
    expect(endpointFromJoinPage('https://reports.example.org/join')).toBe('https://reports.example.org');
    expect(endpointFromJoinPage('https://example.org/blockwatch/join')).toBe('https://example.org/blockwatch');
    expect(endpointFromJoinPage('http://127.0.0.1:8787/join')).toBe('http://127.0.0.1:8787');
    expect(endpointFromJoinPage('https://reports.example.org/join#top')).toBe('https://reports.example.org');
  });

  it('is nothing for any other page, or one Blockwatch may not send to', () => {
    for (const url of [
      undefined,
      'not a url',
      'https://reports.example.org/',
      'https://reports.example.org/notjoin',
      'https://reports.example.org/join/',
      'https://reports.example.org/join?endpoint=https://evil.example',
      'http://reports.example.org/join',
      'https://user:pw@reports.example.org/join',
      'chrome-extension://abc/join',
      'file:///tmp/join',
    ]) {
      expect(endpointFromJoinPage(url), String(url)).toBeNull();
    }
  });
});

describe('the confirmation page’s address', () => {
  it('round-trips the endpoint', () => {
    const url = new URL(confirmationUrl('chrome-extension://abc/join.html', 'https://example.org/blockwatch'));
    expect(url.pathname).toBe('/join.html');
    expect(endpointFromConfirmationQuery(url.search)).toBe('https://example.org/blockwatch');
  });

  it('refuses an endpoint Blockwatch may not use, or one not in its stored form', () => {
    expect(endpointFromConfirmationQuery('')).toBeNull();
    expect(endpointFromConfirmationQuery('?endpoint=http%3A%2F%2Fevil.example')).toBeNull();
    expect(endpointFromConfirmationQuery('?endpoint=javascript%3Aalert(1)')).toBeNull();
    expect(endpointFromConfirmationQuery('?endpoint=https%3A%2F%2Fexample.org%2F')).toBeNull();
  });
});

describe('the join link’s content script', () => {
  const source = readFileSync(resolve(import.meta.dirname, '../../entrypoints/join-link.content.ts'), 'utf8');

  it('looks for the same marker and button as the rules, which it may not import', () => {
    expect(source).toContain(`meta[name="${JOIN_META_NAME}"]`);
    expect(source).toContain(`'${JOIN_BUTTON_ID}'`);
  });

  it('runs only on pages whose address ends in /join, over https or on this computer', () => {
    // The array as written, a trailing comma allowed.
    const written = /matches: (\[[^\]]*\])/
      .exec(source)![1]!
      .replace(/'/g, '"')
      .replace(/,\s*\]$/, ']');
    const matches = JSON.parse(written) as string[];
    expect(matches.length).toBeGreaterThan(0);
    for (const pattern of matches) {
      expect(pattern.endsWith(JOIN_PATH), pattern).toBe(true);
      expect(pattern).toMatch(/^(https:\/\/\*\/|http:\/\/(localhost|127\.0\.0\.1)\/)/);
    }
  });
});
