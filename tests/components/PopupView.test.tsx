// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PopupView } from '../../components/PopupView';
import type { Result } from '../../utils/ui-api/messages';
import { renderWithI18n } from '../support/i18n';
import { popupState, queued, summary } from '../support/ui-fixtures';
import type { PopupState } from '../../utils/ui-api/views';

afterEach(cleanup);

function setup(state: Result<PopupState>, locale: 'en' | 'ru' | 'kk' = 'en') {
  const load = vi.fn(async () => state);
  const report = vi.fn(async () => ({ ok: true as const, data: summary({ id: 'r1', status: 'queued' }) }));
  const lookup = vi.fn(async () => ({ ok: true as const, data: queued({ id: 'r1', status: 'sent' }) }));
  renderWithI18n(
    <PopupView
      load={load}
      report={report}
      lookup={lookup}
      historyUrl="chrome-extension://x/report-history.html"
      optionsUrl="chrome-extension://x/options.html"
      pollMs={1}
    />,
    locale,
  );
  return { load, report, lookup };
}

describe('PopupView', () => {
  it('shows the site, its finding, the counts and links to history and options', async () => {
    setup({
      ok: true,
      data: popupState({
        finding: {
          host: 'example.kz',
          kind: 'timeout',
          confirmed: true,
          trigger: 'auto',
          at: 0,
          reportId: 'r0',
          status: 'sent',
          sentAt: 0,
        },
      }),
    });
    expect((await screen.findByRole('heading')).textContent).toBe('This site: example.kz');
    expect(screen.getByText('The site did not answer in time')).toBeTruthy();
    expect(screen.getByText('Waiting to be sent: 1 · Sent: 4')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Report history' }).getAttribute('href')).toBe('chrome-extension://x/report-history.html');
    expect(screen.getByRole('link', { name: 'Options' }).getAttribute('href')).toBe('chrome-extension://x/options.html');
  });

  it('reloads its state after a report, so the new finding and counts show', async () => {
    const { load } = setup({ ok: true, data: popupState() });
    fireEvent.click(await screen.findByRole('button', { name: 'This site is blocked' }));
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
  });

  it('is all in Russian for a Russian browser', async () => {
    setup({ ok: true, data: popupState({ endpointHost: null, autoDetect: false }) }, 'ru');
    expect((await screen.findByRole('heading')).textContent).toBe('Этот сайт: example.kz');
    expect(screen.getByRole('button', { name: 'Этот сайт заблокирован' })).toBeTruthy();
    expect(screen.getByText(/Автоматическое обнаружение выключено/)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/\b(the|site|report|sent)\b/i);
  });

  it('is all in Kazakh for a Kazakh browser', async () => {
    setup({ ok: true, data: popupState() }, 'kk');
    expect(await screen.findByRole('button', { name: 'Бұл сайт бұғатталған' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Хабарламалар тарихы' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/\b(the|site|report|sent)\b/i);
  });

  it('shows an error from the background', async () => {
    setup({ ok: false, error: 'no active tab' });
    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong: no active tab');
  });
});
