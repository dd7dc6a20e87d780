// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportRow } from '../../components/ReportRow';
import type { ReportSummary } from '../../utils/ui-api/report-query';
import { renderWithI18n } from '../support/i18n';
import { summary } from '../support/ui-fixtures';

afterEach(cleanup);

function setup(report: ReportSummary, expanded = false) {
  const handlers = { onToggle: vi.fn(), onDelete: vi.fn(), onSendAgain: vi.fn() };
  renderWithI18n(
    <table>
      <tbody>
        <ReportRow report={report} expanded={expanded} columns={6} {...handlers}>
          <p>the details</p>
        </ReportRow>
      </tbody>
    </table>,
  );
  return handlers;
}

describe('ReportRow', () => {
  it('shows host, verdict, trigger, time and delivery status', () => {
    setup(summary({ host: 'news.example.kz', kind: 'tcp_reset', trigger: 'manual', status: 'sent' }));
    const row = screen.getAllByRole('row')[0]!;
    expect(within(row).getByRole('rowheader').textContent).toBe('news.example.kz');
    expect(row.textContent).toMatch(/The connection was cut off/);
    expect(row.textContent).toMatch(/Reported by you/);
    expect(row.textContent).toMatch(/2026/);
    expect(row.textContent).toMatch(/SentSent /);
    expect(screen.queryByRole('button', { name: 'Send again' })).toBeNull();
  });

  it('shows the collector’s reason for a refusal and offers to send again', () => {
    const { onSendAgain } = setup(summary({ status: 'rejected', rejectedReason: 'signature does not verify' }));
    expect(screen.getByText('Refused by the collector')).toBeTruthy();
    expect(document.querySelector('.reason')!.textContent).toBe('signature does not verify');
    fireEvent.click(screen.getByRole('button', { name: 'Send again' }));
    expect(onSendAgain).toHaveBeenCalledWith(expect.objectContaining({ status: 'rejected' }));
  });

  it('offers to send a report held for review', () => {
    const { onSendAgain } = setup(summary({ status: 'held' }));
    expect(screen.getByText('Waiting for your review')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSendAgain).toHaveBeenCalled();
  });

  it('marks an unconfirmed verdict and names the last failed attempt', () => {
    setup(summary({ confirmed: false, status: 'queued', lastError: 'the collector answered HTTP 503' }));
    expect(screen.getByText(/not confirmed/)).toBeTruthy();
    expect(screen.getByText(/The last attempt failed \(the collector answered HTTP 503\)/)).toBeTruthy();
  });

  it('toggles its details, telling assistive technology what it controls', () => {
    const report = summary({ id: 'abc' });
    const { onToggle, onDelete } = setup(report);
    const details = screen.getByRole('button', { name: 'Details' });
    expect(details.getAttribute('aria-expanded')).toBe('false');
    expect(document.getElementById(details.getAttribute('aria-describedby')!)!.textContent).toBe('example.kz');
    fireEvent.click(details);
    expect(onToggle).toHaveBeenCalledWith('abc');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onDelete).toHaveBeenCalledWith(report);
    cleanup();
    setup(report, true);
    const hide = screen.getByRole('button', { name: 'Hide details' });
    expect(hide.getAttribute('aria-expanded')).toBe('true');
    expect(document.getElementById(hide.getAttribute('aria-controls')!)!.textContent).toBe('the details');
  });
});
