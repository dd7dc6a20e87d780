import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { forgetTab, getFinding, recordFinding, type BadgeApi } from '../../utils/ui-api/tab-state';
import type { TabFinding } from '../../utils/ui-api/views';
import { isBlockedKind } from '../../utils/ui-api/views';

const finding = (overrides: Partial<TabFinding> = {}): TabFinding => ({
  host: 'example.kz',
  kind: 'timeout',
  confirmed: true,
  trigger: 'auto',
  at: 1,
  reportId: 'r1',
  ...overrides,
});

function badge() {
  return {
    setBadgeText: vi.fn<BadgeApi['setBadgeText']>(),
    setBadgeBackgroundColor: vi.fn<BadgeApi['setBadgeBackgroundColor']>(),
  };
}

beforeEach(() => fakeBrowser.reset());

describe('tab findings', () => {
  it('are kept in session storage, per tab, until the tab closes', async () => {
    const b = badge();
    await recordFinding(3, finding(), b);
    expect(await getFinding(3)).toEqual(finding());
    expect(await getFinding(4)).toBeNull();
    await forgetTab(3);
    expect(await getFinding(3)).toBeNull();
  });

  it('badge the tab of a blocked site, and not one that loaded or is down for everyone', async () => {
    const b = badge();
    await recordFinding(3, finding(), b);
    expect(b.setBadgeText).toHaveBeenLastCalledWith({ tabId: 3, text: '!' });
    expect(b.setBadgeBackgroundColor).toHaveBeenCalledWith({ tabId: 3, color: '#a50e0e' });
    await recordFinding(4, finding({ kind: 'ok' }), b);
    expect(b.setBadgeText).toHaveBeenLastCalledWith({ tabId: 4, text: '' });
    expect(isBlockedKind('down_everywhere')).toBe(false);
    expect(isBlockedKind('tls_mitm')).toBe(true);
  });
});

describe('the last error of a tab', () => {
  it("keeps the page's own error for a report by hand, and forgets it with the tab", async () => {
    const { lastTabError, recordTabError, forgetTab: forget } = await import('../../utils/ui-api/tab-state');
    expect(await lastTabError(8)).toBeNull();
    await recordTabError(8, { host: 'reset.example.kz', navigationError: 'net::ERR_CONNECTION_RESET' });
    expect(await lastTabError(8)).toEqual({ host: 'reset.example.kz', navigationError: 'net::ERR_CONNECTION_RESET' });
    await forget(8);
    expect(await lastTabError(8)).toBeNull();
  });
});
