// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EndpointForm } from '../../components/EndpointForm';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';
import type { Result } from '../../utils/messaging';

afterEach(cleanup);

function setup(options: { stored?: string | null; saveResult?: (endpoint: string) => Result<Settings> } = {}) {
  const load = vi.fn(async (): Promise<Result<Settings>> => ({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint: options.stored ?? null } }));
  const save = vi.fn(async (endpoint: string | null) =>
    options.saveResult ? options.saveResult(endpoint ?? '') : ({ ok: true, data: { ...DEFAULT_SETTINGS, endpoint } } as Result<Settings>),
  );
  render(<EndpointForm load={load} save={save} />);
  return { load, save, field: screen.getByLabelText('Collection endpoint') as HTMLInputElement, button: screen.getByRole('button', { name: 'Save' }) };
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
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Saved/));
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
    expect(field.getAttribute('aria-describedby')).toBe(alert.id);
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
