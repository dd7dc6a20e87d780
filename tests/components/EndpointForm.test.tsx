// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EndpointForm } from '../../components/EndpointForm';
import type { Result } from '../../utils/ui-api/messages';
import type { EndpointTest } from '../../utils/submit/endpoint-test';
import { renderWithI18n, type Locale } from '../support/i18n';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/storage/settings-rules';

afterEach(cleanup);

function setup(
  options: { stored?: string | null; saveResult?: (endpoint: string) => Result<Settings>; testResult?: EndpointTest; locale?: Locale } = {},
) {
  const load = vi.fn(
    async (): Promise<Result<Settings>> => ({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint: options.stored ?? null } }),
  );
  const save = vi.fn(async (endpoint: string | null) =>
    options.saveResult ? options.saveResult(endpoint ?? '') : ({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint } } as Result<Settings>),
  );
  const test = vi.fn(async (_endpoint: string): Promise<Result<EndpointTest>> => ({ ok: true, data: options.testResult ?? { ok: true } }));
  renderWithI18n(<EndpointForm load={load} save={save} test={test} />, options.locale ?? 'en');
  const locale = options.locale ?? 'en';
  const label = { en: 'Collection endpoint', ru: 'Адрес сбора отчётов', kk: 'Хабарламаларды жинау мекенжайы' }[locale];
  const saveName = { en: 'Save', ru: 'Сохранить', kk: 'Сақтау' }[locale];
  return {
    load,
    save,
    test,
    field: screen.getByLabelText(label) as HTMLInputElement,
    button: screen.getByRole('button', { name: saveName }),
  };
}

describe('EndpointForm', () => {
  it('shows the endpoint already saved', async () => {
    const { field } = setup({ stored: 'https://collector.example.org' });
    await waitFor(() => expect(field.value).toBe('https://collector.example.org'));
  });

  it('saves an https endpoint, without its trailing slash, and says so', async () => {
    const { field, button, save } = setup();
    fireEvent.input(field, { target: { value: ' https://collector.example.org/ ' } });
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved. Reports will be sent to collector.example.org.'));
    expect(save).toHaveBeenCalledWith('https://collector.example.org');
    expect(field.getAttribute('aria-invalid')).toBe('false');
  });

  it('refuses plain http to another computer next to the field, and saves nothing', async () => {
    const { field, button, save } = setup();
    fireEvent.input(field, { target: { value: 'http://collector.example.org' } });
    fireEvent.click(button);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/localhost and 127\.0\.0\.1/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')!.split(' ')).toContain(alert.id);
    expect(save).not.toHaveBeenCalled();
  });

  it('shows the error the background gives when saving fails', async () => {
    const { field, button } = setup({ saveResult: () => ({ ok: false, error: 'Storage is full.' }) });
    fireEvent.input(field, { target: { value: 'http://127.0.0.1:8787' } });
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe('Storage is full.');
  });

  it('clears an old message as soon as the user edits the address', async () => {
    const { field, button } = setup();
    fireEvent.input(field, { target: { value: 'ftp://x' } });
    fireEvent.click(button);
    await screen.findByRole('alert');
    fireEvent.input(field, { target: { value: 'https://' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('EndpointForm, removing the endpoint', () => {
  it('saves no endpoint when the field is emptied, and says nothing will be sent', async () => {
    const { field, button, save } = setup({ stored: 'https://collector.example.org' });
    await waitFor(() => expect(field.value).toBe('https://collector.example.org'));
    fireEvent.input(field, { target: { value: '  ' } });
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Nothing will be sent/));
    expect(save).toHaveBeenCalledWith(null);
  });
});

describe('EndpointForm, in the user’s language', () => {
  it('shows a refusal in Russian, next to the field', async () => {
    const { field, button, save } = setup({ locale: 'ru' });
    fireEvent.input(field, { target: { value: 'http://collector.example.org' } });
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Используйте https://. Простой http:// разрешён только для localhost и 127.0.0.1.',
    );
    expect(save).not.toHaveBeenCalled();
  });

  it('shows a refusal in Kazakh', async () => {
    const { field, button } = setup({ locale: 'kk' });
    fireEvent.input(field, { target: { value: 'not an address' } });
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Бұл веб-мекенжай емес/);
  });
});

describe('EndpointForm, Test connection', () => {
  it('tests the address in the field, without saving it, and says the collector answered', async () => {
    const { field, test, save } = setup();
    fireEvent.input(field, { target: { value: 'https://collector.example.org/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'collector.example.org answered as a collection endpoint. Reports can be sent there.',
      ),
    );
    expect(test).toHaveBeenCalledWith('https://collector.example.org');
    expect(save).not.toHaveBeenCalled();
  });

  it('explains an address that cannot be reached, and one that is not a collector', async () => {
    const first = setup({ testResult: { ok: false, reason: 'unreachable', timedOut: true } });
    fireEvent.input(first.field, { target: { value: 'https://down.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toBe('down.example.org could not be reached: did not answer within 10 seconds');
    cleanup();
    const second = setup({ testResult: { ok: false, reason: 'not-a-collector', status: 404 } });
    fireEvent.input(second.field, { target: { value: 'https://www.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/does not look like a collection endpoint \(HTTP 404\)/);
  });

  it('does not test an invalid address', async () => {
    const { field, test } = setup();
    fireEvent.input(field, { target: { value: 'ftp://x.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/must start with https/);
    expect(test).not.toHaveBeenCalled();
  });
});
