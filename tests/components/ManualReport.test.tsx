// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualReport } from '../../components/ManualReport';
import type { Result } from '../../utils/ui-api/messages';
import type { ReportSummary } from '../../utils/ui-api/report-query';
import { renderWithI18n } from '../support/i18n';
import { queued, summary } from '../support/ui-fixtures';
import type { QueuedReport } from '../../utils/storage/records';
import type { SiteCheck } from '../../utils/ui-api/views';

afterEach(cleanup);

const site: SiteCheck = { reportable: true, url: 'https://example.kz/', host: 'example.kz' };

function setup(
  options: { site?: SiteCheck; endpointHost?: string | null; made?: Result<ReportSummary>; statuses?: Partial<QueuedReport>[] } = {},
) {
  const made = options.made ?? { ok: true, data: summary({ id: 'r1', kind: 'dns', status: 'queued' }) };
  const report = vi.fn(async (_note: string | undefined) => made);
  const statuses = [...(options.statuses ?? [{ status: 'sending' }, { status: 'sent', sentAt: 1 }])];
  const lookup = vi.fn(
    async (id: string): Promise<Result<QueuedReport | null>> => ({
      ok: true,
      data: queued({ id, ...(statuses.shift() ?? { status: 'sent' }) }),
    }),
  );
  const onDone = vi.fn();
  renderWithI18n(
    <ManualReport
      site={options.site ?? site}
      endpointHost={options.endpointHost === undefined ? 'collector.example.org' : options.endpointHost}
      report={report}
      lookup={lookup}
      onDone={onDone}
      pollMs={1}
    />,
  );
  return { report, lookup, onDone, button: screen.getByRole('button', { name: 'This site is blocked' }) as HTMLButtonElement };
}

describe('ManualReport', () => {
  it('sends the note with the report, follows the delivery and says where it was sent', async () => {
    const { report, lookup, onDone, button } = setup();
    fireEvent.input(screen.getByLabelText('Note (optional)'), { target: { value: '  Blocked since Monday ' } });
    fireEvent.click(button);
    const status = screen.getByRole('status');
    await waitFor(() => expect(status.textContent).toMatch(/Done\. The report was sent to collector\.example\.org\./));
    expect(status.textContent).toMatch(/Result of the check: The site’s address could not be found \(DNS\)/);
    expect(report).toHaveBeenCalledWith('Blocked since Monday');
    expect(lookup).toHaveBeenCalledWith('r1');
    expect(onDone).toHaveBeenCalled();
  });

  it('says that the check is running while it runs', async () => {
    let finish: (r: Result<ReportSummary>) => void = () => undefined;
    const made = new Promise<Result<ReportSummary>>((resolve) => (finish = resolve));
    renderWithI18n(
      <ManualReport
        site={site}
        endpointHost="c.example.org"
        report={() => made}
        lookup={async () => ({ ok: true, data: null })}
        pollMs={1}
      />,
    );
    const button = screen.getByRole('button', { name: 'This site is blocked' }) as HTMLButtonElement;
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Checking the site from this browser…'));
    expect(button.disabled).toBe(true);
    finish({ ok: true, data: summary({ status: 'queued' }) });
    await waitFor(() => expect(button.disabled).toBe(false));
  });

  it('without an endpoint, keeps the report and says nothing was sent', async () => {
    const { lookup, button } = setup({ endpointHost: null });
    expect(screen.getByText(/Nothing is sent until you set a collection endpoint/)).toBeTruthy();
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Nothing was sent: no collection endpoint is set/));
    expect(lookup).not.toHaveBeenCalled();
  });

  it('shows the collector’s refusal with its reason as an alert', async () => {
    const { button } = setup({ statuses: [{ status: 'rejected', rejectedReason: 'signature does not verify' }] });
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toMatch(/The collector refused the report: signature does not verify/);
  });

  it('says it will keep trying when the collector cannot be reached', async () => {
    const { button } = setup({ statuses: [{ status: 'queued', lastError: 'the collector could not be reached' }] });
    fireEvent.click(button);
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(
        /collector\.example\.org cannot be reached right now; Blockwatch will keep trying/,
      ),
    );
  });

  it('shows why a report could not be made', async () => {
    const { button } = setup({ made: { ok: false, error: 'Blockwatch did not answer.' } });
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe('The report could not be made: Blockwatch did not answer.');
  });

  it('on a browser page, disables the button and explains why, tied to the button', () => {
    const { report, button } = setup({ site: { reportable: false, reason: 'browser-page' } });
    expect(button.disabled).toBe(true);
    const explanation = document.getElementById(button.getAttribute('aria-describedby')!)!;
    expect(explanation.textContent).toMatch(/page of the browser itself/);
    expect(screen.queryByLabelText('Note (optional)')).toBeNull();
    fireEvent.click(button);
    expect(report).not.toHaveBeenCalled();
  });

  it('explains private windows and intranet addresses too', () => {
    setup({ site: { reportable: false, reason: 'private', host: 'example.kz' } });
    expect(screen.getByText(/private window/)).toBeTruthy();
    cleanup();
    setup({ site: { reportable: false, reason: 'intranet', host: 'nas.local' } });
    expect(screen.getByText(/local network/)).toBeTruthy();
  });
});
