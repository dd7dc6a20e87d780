// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeeperChecks } from '../../components/DeeperChecks';
import { renderWithI18n } from '../support/i18n';

afterEach(cleanup);

function setup({ granted = false, answer = true, optional = true } = {}) {
  const load = vi.fn(async () => granted);
  const grant = vi.fn(async () => answer);
  const revoke = vi.fn(async () => answer);
  renderWithI18n(<DeeperChecks optional={optional} load={load} grant={grant} revoke={revoke} />);
  return { load, grant, revoke };
}

const box = () => document.getElementById('deeper-checks') as HTMLInputElement;

describe('DeeperChecks', () => {
  it('shows whether the permission is held, and says what it costs', async () => {
    setup({ granted: true });
    await waitFor(() => expect(box().checked).toBe(true));
    expect(document.getElementById('deeper-help')!.textContent).toMatch(/slower/);
  });

  it('asks the browser within the click, and shows the result', async () => {
    const { grant, revoke } = setup();
    await waitFor(() => expect(box().disabled).toBe(false));
    fireEvent.click(box());
    expect(grant).toHaveBeenCalledTimes(1);
    expect(revoke).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Deeper checks are on.'));
    expect(box().checked).toBe(true);
  });

  it('stays off and says so when the user or the browser refuses', async () => {
    setup({ answer: false });
    await waitFor(() => expect(box().disabled).toBe(false));
    fireEvent.click(box());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/nothing changed/));
    expect(box().checked).toBe(false);
  });

  it('turns them off again', async () => {
    const { revoke } = setup({ granted: true });
    await waitFor(() => expect(box().checked).toBe(true));
    fireEvent.click(box());
    expect(revoke).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Deeper checks are off.'));
  });

  it('offers no switch where the browser always has them', () => {
    const { load } = setup({ optional: false });
    expect(document.getElementById('deeper-checks')).toBeNull();
    expect(load).not.toHaveBeenCalled();
    expect(document.getElementById('deeper-help')!.textContent).toMatch(/always/);
  });
});
