// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTimeoutSeconds, SettingsForm, type SettingsPatch } from '../../components/SettingsForm';
import type { Result } from '../../utils/messaging';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';
import { renderWithI18n } from '../support/i18n';

afterEach(cleanup);

function setup(stored: Partial<Settings> = {}, locale: 'en' | 'ru' | 'kk' = 'en') {
  const load = vi.fn(async (): Promise<Result<Settings>> => ({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint: 'https://c.example.org', ...stored } }));
  const save = vi.fn(async (patch: SettingsPatch): Promise<Result<Settings>> => ({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint: 'https://c.example.org', ...patch } }));
  renderWithI18n(<SettingsForm load={load} save={save} />, locale);
  return { load, save };
}

describe('parseTimeoutSeconds', () => {
  it('takes whole seconds from 1 to 60 only', () => {
    expect(['1', ' 15 ', '60'].map(parseTimeoutSeconds)).toEqual([1, 15, 60]);
    expect(['0', '61', '1.5', '-3', '', 'ten', '1e1'].map(parseTimeoutSeconds)).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('SettingsForm', () => {
  it('shows the stored settings', async () => {
    setup({ autoSend: false, urlDetail: 'path', probeTimeoutMs: 20_000, allowPrivateWindows: true, autoDetect: false });
    const timeout = (await screen.findByLabelText('Time limit for a check, in seconds')) as HTMLInputElement;
    expect(timeout.value).toBe('20');
    expect((screen.getByLabelText('Notice blocked sites automatically') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('Hold them in the report history until I review them') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText(/The site and the page path/) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Also watch private (incognito) windows') as HTMLInputElement).checked).toBe(true);
  });

  it('saves every setting, the time limit in milliseconds, and never the endpoint', async () => {
    const { save } = setup();
    fireEvent.click(await screen.findByLabelText('Notice blocked sites automatically'));
    fireEvent.click(screen.getByLabelText('Hold them in the report history until I review them'));
    fireEvent.click(screen.getByLabelText(/The site and the page path/));
    fireEvent.input(screen.getByLabelText('Time limit for a check, in seconds'), { target: { value: '30' } });
    fireEvent.click(screen.getByLabelText('Also watch private (incognito) windows'));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Settings saved.'));
    expect(save).toHaveBeenCalledWith({ autoDetect: false, autoSend: false, urlDetail: 'path', probeTimeoutMs: 30_000, allowPrivateWindows: true });
  });

  it('refuses a bad time limit with a visible message tied to the field, and saves nothing', async () => {
    const { save } = setup();
    const field = (await screen.findByLabelText('Time limit for a check, in seconds')) as HTMLInputElement;
    fireEvent.input(field, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Nothing was saved. Correct the highlighted field first.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const described = field.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent);
    expect(described).toContain('Enter a whole number of seconds from 1 to 60.');
    expect(save).not.toHaveBeenCalled();
  });

  it('says the same in Kazakh', async () => {
    setup({}, 'kk');
    const field = await screen.findByLabelText('Тексерудің уақыт шегі, секундпен');
    fireEvent.input(field, { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Баптауларды сақтау' }));
    expect(await screen.findByText('1-ден 60-қа дейінгі бүтін секунд санын енгізіңіз.')).toBeTruthy();
  });

  it('shows what the background says when it refuses', async () => {
    const load = async (): Promise<Result<Settings>> => ({ ok: true, data: DEFAULT_SETTINGS });
    renderWithI18n(<SettingsForm load={load} save={async () => ({ ok: false, error: 'storage is full' })} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong: storage is full');
  });
});
