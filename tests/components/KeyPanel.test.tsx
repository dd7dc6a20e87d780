// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyPanel } from '../../components/KeyPanel';
import { renderWithI18n } from '../support/i18n';

afterEach(cleanup);

function setup(confirmAnswer: boolean) {
  const load = vi.fn(async () => ({ ok: true as const, data: { fingerprint: '0123456789abcdef' } }));
  const rotate = vi.fn(async () => ({ ok: true as const, data: { fingerprint: 'fedcba9876543210' } }));
  const confirm = vi.fn(() => confirmAnswer);
  renderWithI18n(<KeyPanel load={load} rotate={rotate} confirm={confirm} />);
  return { rotate, confirm };
}

describe('KeyPanel', () => {
  it('shows the key fingerprint in groups a person can read out', async () => {
    setup(true);
    await waitFor(() => expect(document.getElementById('key-fingerprint')!.textContent).toBe('0123 4567 89ab cdef'));
  });

  it('rotates the key only after the user agrees, and shows the new fingerprint', async () => {
    const first = setup(false);
    fireEvent.click(screen.getByRole('button', { name: 'Rotate key' }));
    expect(first.confirm).toHaveBeenCalledWith('Make a new key? Reports from now on cannot be linked to your earlier ones.');
    expect(first.rotate).not.toHaveBeenCalled();
    cleanup();
    const second = setup(true);
    fireEvent.click(screen.getByRole('button', { name: 'Rotate key' }));
    await waitFor(() => expect(document.getElementById('key-fingerprint')!.textContent).toBe('fedc ba98 7654 3210'));
    expect(second.rotate).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('New key made. Reports from now on are signed with it.');
  });
});
