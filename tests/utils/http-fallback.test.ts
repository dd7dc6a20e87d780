import { describe, expect, it } from 'vitest';
import { showsHttpFallback, TabFallbackCheck } from '../../utils/observe/http-fallback';

const failed = { tabId: 3, host: 'plain.example.kz', url: 'https://plain.example.kz/' };

describe('showsHttpFallback', () => {
  it('sees the same host loading over plain HTTP after a failed https:// attempt', () => {
    expect(showsHttpFallback(failed, 'http://plain.example.kz/')).toBe(true);
    expect(showsHttpFallback(failed, 'http://plain.example.kz./page')).toBe(true);
  });

  it('does not call another host, the same https:// page or an http:// failure a fallback', () => {
    expect(showsHttpFallback(failed, 'http://other.example.kz/')).toBe(false);
    expect(showsHttpFallback(failed, 'https://plain.example.kz/')).toBe(false);
    expect(showsHttpFallback(failed, undefined)).toBe(false);
    expect(showsHttpFallback(failed, 'http://[bad')).toBe(false);
    expect(showsHttpFallback({ ...failed, url: 'http://plain.example.kz/' }, 'http://plain.example.kz/')).toBe(false);
  });
});

describe('TabFallbackCheck', () => {
  it('asks the failed tab, and only that tab, what it shows now', async () => {
    const asked: number[] = [];
    const urls = new Map([
      [3, 'http://plain.example.kz/'],
      [4, 'http://other.example.kz/'],
    ]);
    const check = new TabFallbackCheck(async (tabId) => {
      asked.push(tabId);
      return urls.get(tabId);
    });
    expect(await check.fellBackToHttp(failed)).toBe(true);
    expect(await check.fellBackToHttp({ ...failed, tabId: 4 })).toBe(false);
    expect(asked).toEqual([3, 4]);
  });

  it('never asks for an http:// failure, and treats a closed tab as no fallback', async () => {
    let asked = 0;
    const check = new TabFallbackCheck(async () => {
      asked += 1;
      throw new Error('No tab with id: 3');
    });
    expect(await check.fellBackToHttp({ ...failed, url: 'http://plain.example.kz/' })).toBe(false);
    expect(asked).toBe(0);
    expect(await check.fellBackToHttp(failed)).toBe(false);
    expect(asked).toBe(1);
  });
});
