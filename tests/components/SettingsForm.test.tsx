// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTimeoutSeconds, SettingsForm, type SettingsPatch } from '../../components/SettingsForm';
import type { Result } from '../../utils/ui-api/messages';
import { renderWithI18n } from '../support/i18n';
import { DEFAULT_SETTINGS, MAX_CANARIES, MAX_SERVICE_URL_LENGTH, type Settings } from '../../utils/storage/settings-rules';

afterEach(cleanup);

function setup(stored: Partial<Settings> = {}, locale: 'en' | 'ru' | 'kk' = 'en') {
  const load = vi.fn(
    async (): Promise<Result<Settings>> => ({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint: 'https://c.example.org', ...stored } }),
  );
  const save = vi.fn(
    async (patch: SettingsPatch): Promise<Result<Settings>> => ({
      ok: true,
      data: { ...DEFAULT_SETTINGS, endpoint: 'https://c.example.org', ...patch },
    }),
  );
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
    fireEvent.click(screen.getByLabelText('Do not name my network (provider and country) in reports'));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Settings saved.'));
    expect(save).toHaveBeenCalledWith({
      autoDetect: false,
      autoSend: false,
      urlDetail: 'path',
      probeTimeoutMs: 30_000,
      allowPrivateWindows: true,
      dohResolver: DEFAULT_SETTINGS.dohResolver,
      canaries: DEFAULT_SETTINGS.canaries,
      withholdNetwork: true,
    });
  });

  it('refuses a bad time limit with a visible message tied to the field, and saves nothing', async () => {
    const { save } = setup();
    const field = (await screen.findByLabelText('Time limit for a check, in seconds')) as HTMLInputElement;
    fireEvent.input(field, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Nothing was saved. Correct the highlighted field first.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const described = field
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)!.textContent);
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

  it('shows the stored resolver and canaries, one per line', async () => {
    setup({ dohResolver: 'https://dns.example.org/resolve', canaries: ['https://a.example.org/', 'https://b.example.org/'] });
    expect(((await screen.findByLabelText('DNS-over-HTTPS resolver')) as HTMLInputElement).value).toBe('https://dns.example.org/resolve');
    expect((screen.getByLabelText(CANARIES) as HTMLTextAreaElement).value).toBe('https://a.example.org/\nhttps://b.example.org/');
  });

  it('saves a new resolver and canary list, trimmed, skipping blank lines', async () => {
    const { save } = setup();
    fireEvent.input(await screen.findByLabelText('DNS-over-HTTPS resolver'), { target: { value: ' https://dns.example.org/dns-query ' } });
    fireEvent.input(screen.getByLabelText(CANARIES), {
      target: { value: 'https://a.example.org/\n\n  https://b.example.org  \r\nhttp://127.0.0.1:8080/\n' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Settings saved.'));
    expect(save).toHaveBeenCalledWith(
      expect.objectContaining({
        dohResolver: 'https://dns.example.org/dns-query',
        canaries: ['https://a.example.org/', 'https://b.example.org', 'http://127.0.0.1:8080/'],
      }),
    );
  });

  it('an empty resolver turns DNS-over-HTTPS off, and an empty list turns the canaries off', async () => {
    const { save } = setup();
    fireEvent.input(await screen.findByLabelText('DNS-over-HTTPS resolver'), { target: { value: '   ' } });
    fireEvent.input(screen.getByLabelText(CANARIES), { target: { value: '\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(save).toHaveBeenCalledWith(expect.objectContaining({ dohResolver: null, canaries: [] })));
  });

  const badResolvers: [string, string][] = [
    ['not a url', 'This is not a web address. It should start with https://'],
    ['http://dns.example.org/dns-query', 'Use https://. Plain http:// is allowed only for localhost and 127.0.0.1.'],
    ['ftp://dns.example.org/', 'The address must start with https://'],
    ['https://user:pw@dns.example.org/dns-query', 'The address must not contain a user name or password.'],
    ['https://dns.example.org/dns-query?ct=json', 'The address must not contain ? or #.'],
    [
      `https://dns.example.org/${'a'.repeat(MAX_SERVICE_URL_LENGTH)}`,
      `The address is too long: at most ${MAX_SERVICE_URL_LENGTH} characters.`,
    ],
  ];
  for (const [value, message] of badResolvers) {
    it(`refuses the resolver ${value.slice(0, 45)} next to the field, and saves nothing`, async () => {
      const { save } = setup();
      const field = await screen.findByLabelText('DNS-over-HTTPS resolver');
      fireEvent.input(field, { target: { value } });
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
      await expectFieldError(field, 'doh-resolver-error', message);
      expect(save).not.toHaveBeenCalled();
    });
  }

  const badLists: [string, string][] = [
    ['https://a.example.org/\nwww.b.example.org', 'Line 2: This is not a web address. It should start with https://'],
    ['https://a.example.org/\n\nhttp://b.example.org/', 'Line 3: Use https://. Plain http:// is allowed only for localhost and 127.0.0.1.'],
    ['https://a.example.org/?x=1', 'Line 1: The address must not contain ? or #.'],
    ['https://a.example.org/\nhttps://b.example.org/\nhttps://a.example.org', 'Line 3 repeats the address on line 1. Remove one of them.'],
    [
      Array.from({ length: MAX_CANARIES + 1 }, (_, i) => `https://s${i}.example.org/`).join('\n'),
      `${MAX_CANARIES + 1} sites are listed; at most ${MAX_CANARIES} are allowed. Remove the extra ones.`,
    ],
  ];
  for (const [value, message] of badLists) {
    it(`refuses the canaries "${message.slice(0, 30)}…" next to the field, and saves nothing`, async () => {
      const { save } = setup();
      const field = await screen.findByLabelText(CANARIES);
      fireEvent.input(field, { target: { value } });
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
      await expectFieldError(field, 'canaries-error', message);
      expect(save).not.toHaveBeenCalled();
    });
  }

  it('a fixed value clears its error, and then saves', async () => {
    const { save } = setup();
    const field = (await screen.findByLabelText('DNS-over-HTTPS resolver')) as HTMLInputElement;
    fireEvent.input(field, { target: { value: 'dns' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('This is not a web address. It should start with https://');
    fireEvent.input(field, { target: { value: 'https://dns.example.org/dns-query' } });
    expect(field.getAttribute('aria-invalid')).toBe('false');
    expect(document.getElementById('doh-resolver-error')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(save).toHaveBeenCalledWith(expect.objectContaining({ dohResolver: 'https://dns.example.org/dns-query' })));
  });

  it('says a duplicate canary in Russian', async () => {
    setup({}, 'ru');
    const field = await screen.findByLabelText('Сайты для проверки: заблокирован сайт или пропала сеть');
    fireEvent.input(field, { target: { value: 'https://a.example.org\nhttps://a.example.org/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Сохранить настройки' }));
    expect(await screen.findByText('Строка 2 повторяет адрес из строки 1. Удалите одну из них.')).toBeTruthy();
  });
});

const CANARIES = 'Sites checked to tell a blocked site from a network outage';

/** The message is visible, announced, and tied to the field that is marked invalid. */
async function expectFieldError(field: HTMLElement, id: string, message: string) {
  await waitFor(() => expect(document.getElementById(id)?.textContent).toBe(message));
  expect(document.getElementById(id)!.getAttribute('role')).toBe('alert');
  expect(field.getAttribute('aria-invalid')).toBe('true');
  expect(field.getAttribute('aria-describedby')!.split(' ')).toContain(id);
  expect(screen.getByText('Nothing was saved. Correct the highlighted field first.')).toBeTruthy();
}
