// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WelcomePage } from '../../components/WelcomePage';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/storage/settings-rules';
import type { Result } from '../../utils/ui-api/messages';
import { localeMessages, renderWithI18n, type Locale } from '../support/i18n';

afterEach(cleanup);

function setup(locale: Locale = 'en') {
  const load = vi.fn(async (): Promise<Result<Settings>> => ({ ok: true, data: { ...DEFAULT_SETTINGS } }));
  const save = vi.fn(async (endpoint: string | null): Promise<Result<Settings>> => ({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint } }));
  const test = vi.fn(async () => ({ ok: true as const, data: { ok: true as const } }));
  const view = renderWithI18n(
    <WelcomePage
      load={load}
      save={save}
      test={test}
      historyUrl="chrome-extension://x/report-history.html"
      optionsUrl="chrome-extension://x/options.html"
    />,
    locale,
  );
  return { save, view };
}

describe('WelcomePage', () => {
  it('says what is noticed, what a report holds, and that nothing is sent before an endpoint is chosen', () => {
    const { view } = setup();
    const headings = [...view.container.querySelectorAll('h2')].map((h) => h.textContent);
    expect(headings).toEqual([
      'What Blockwatch notices',
      'What a report contains',
      'What is sent, where and when',
      'Where to send reports',
    ]);
    expect(view.container.querySelectorAll('li')).toHaveLength(5);
    expect(screen.getByText(/Nothing is sent until you choose a collection endpoint below/)).toBeTruthy();
    expect(screen.getByText(/never contains cookies, passwords, your IP address/)).toBeTruthy();
  });

  it('sets the endpoint right there', async () => {
    const { save } = setup();
    fireEvent.input(screen.getByLabelText('Collection endpoint'), { target: { value: 'https://reports.example.org/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved. Reports will be sent to reports.example.org.'));
    expect(save).toHaveBeenCalledWith('https://reports.example.org');
  });

  it('links to the history and the options', () => {
    setup();
    expect(screen.getByRole('link', { name: 'Report history' }).getAttribute('href')).toBe('chrome-extension://x/report-history.html');
    expect(screen.getByRole('link', { name: 'All options' }).getAttribute('href')).toBe('chrome-extension://x/options.html');
  });

  it.each(['ru', 'kk'] as const)('is entirely in %s', (locale) => {
    const { view } = setup(locale);
    const messages = localeMessages(locale);
    expect(view.container.querySelector('h1')!.textContent).toBe(messages.welcome_title!.message);
    expect(view.container.textContent).toContain(messages.welcome_sentNothing!.message);
    expect(view.container.textContent).not.toMatch(/welcome_|What Blockwatch/);
  });
});
