// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JoinConfirm } from '../../components/JoinConfirm';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/storage/settings-rules';
import type { EndpointTest } from '../../utils/submit/endpoint-test';
import type { Result } from '../../utils/ui-api/messages';
import { renderWithI18n, type Locale } from '../support/i18n';

afterEach(cleanup);

const ENDPOINT = 'https://reports.example.org/blockwatch';

function setup(
  options: { endpoint?: string | null; current?: string | null; check?: EndpointTest; saveResult?: Result<Settings>; locale?: Locale } = {},
) {
  const load = vi.fn(
    async (): Promise<Result<Settings>> => ({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint: options.current ?? null } }),
  );
  const test = vi.fn(async (): Promise<Result<EndpointTest>> => ({ ok: true, data: options.check ?? { ok: true } }));
  const save = vi.fn(
    async (endpoint: string): Promise<Result<Settings>> => options.saveResult ?? { ok: true, data: { ...DEFAULT_SETTINGS, endpoint } },
  );
  const close = vi.fn();
  const endpoint = options.endpoint === undefined ? ENDPOINT : options.endpoint;
  const view = renderWithI18n(
    <JoinConfirm endpoint={endpoint} load={load} test={test} save={save} close={close} optionsUrl="chrome-extension://x/options.html" />,
    options.locale,
  );
  return { load, test, save, close, view };
}

const accept = () => screen.getByRole('button', { name: 'Use this collector' }) as HTMLButtonElement;

describe('JoinConfirm', () => {
  it('names the host and the full address, says what accepting means, and saves only on the click', async () => {
    const { save, test, view } = setup();
    expect(view.container.querySelector('h1')!.textContent).toBe('Send your reports to reports.example.org?');
    expect(screen.getByText(ENDPOINT)).toBeTruthy();
    expect(screen.getByText(/Whoever runs it sees which sites you report/)).toBeTruthy();
    await waitFor(() => expect(accept().disabled).toBe(false));
    expect(test).toHaveBeenCalledWith(ENDPOINT);
    expect(screen.getByText('No collection endpoint is set yet: nothing is sent.')).toBeTruthy();
    expect(save).not.toHaveBeenCalled();
    fireEvent.click(accept());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved. Reports will be sent to reports.example.org.'));
    expect(save).toHaveBeenCalledExactlyOnceWith(ENDPOINT);
    expect(screen.queryByRole('button', { name: 'Use this collector' })).toBeNull();
  });

  it('shows the endpoint it would replace', async () => {
    setup({ current: 'https://old.example.org' });
    expect(await screen.findByText('Reports now go to old.example.org.')).toBeTruthy();
  });

  it('cannot be accepted where no collector answers', async () => {
    const { save } = setup({ check: { ok: false, reason: 'not-a-collector', status: 404 } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'No Blockwatch collector answers at reports.example.org, so it cannot be used. Nothing was changed.',
    );
    expect(accept().disabled).toBe(true);
    fireEvent.click(accept());
    expect(save).not.toHaveBeenCalled();
  });

  it('cannot be accepted while the check runs', () => {
    setup();
    expect(accept().disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Checking that a Blockwatch collector answers at reports.example.org…');
  });

  it('says when reports already go there, with nothing to press', async () => {
    setup({ current: ENDPOINT });
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Reports already go to reports.example.org. There is nothing to change.'),
    );
    expect(accept().disabled).toBe(true);
  });

  it('Cancel closes the page without saving', async () => {
    const { close, save } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(close).toHaveBeenCalledOnce();
    expect(save).not.toHaveBeenCalled();
  });

  it('a link that names no usable endpoint offers nothing to accept', () => {
    const { load, test } = setup({ endpoint: null });
    expect(screen.getByRole('alert').textContent).toBe(
      'The link does not name a collection endpoint Blockwatch can use. Nothing was changed.',
    );
    expect(screen.queryByRole('button')).toBeNull();
    expect(load).not.toHaveBeenCalled();
    expect(test).not.toHaveBeenCalled();
  });

  it('shows a failed save', async () => {
    setup({ saveResult: { ok: false, error: 'Storage is full.' } });
    await waitFor(() => expect(accept().disabled).toBe(false));
    fireEvent.click(accept());
    expect((await screen.findByRole('alert')).textContent).toMatch(/Storage is full\./);
  });

  it('speaks Russian', async () => {
    setup({ locale: 'ru' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Отправлять ваши отчёты на reports.example.org?');
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'Использовать этот сборщик' }) as HTMLButtonElement).disabled).toBe(false),
    );
  });
});
