// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HistoryPage, type HistoryApi } from '../../components/HistoryPage';
import type { ReportFilter, ReportSummary } from '../../utils/ui-api/report-query';
import { renderWithI18n } from '../support/i18n';
import { queued, summary } from '../support/ui-fixtures';

afterEach(cleanup);

/** An in-memory history behind the same API the page uses. */
function fakeApi(reports: ReportSummary[]) {
  let all = [...reports];
  const match = (r: ReportSummary, f: ReportFilter) =>
    (!f.status || r.status === f.status) && (!f.kind || r.kind === f.kind) && (!f.host || r.host.includes(f.host));
  const api = {
    query: vi.fn(async (filter: ReportFilter, offset: number, limit: number) => {
      const hits = all.filter((r) => match(r, filter));
      return { ok: true as const, data: { total: hits.length, items: hits.slice(offset, offset + limit) } };
    }),
    get: vi.fn(async (id: string) => ({ ok: true as const, data: queued({ id }) })),
    remove: vi.fn(async (id: string) => {
      all = all.filter((r) => r.id !== id);
      return { ok: true as const, data: null };
    }),
    removeAll: vi.fn(async () => {
      all = [];
      return { ok: true as const, data: null };
    }),
    sendAgain: vi.fn(async (id: string) => {
      all = all.map((r) => (r.id === id ? { ...r, status: 'queued' as const } : r));
      return { ok: true as const, data: null };
    }),
    exportAs: vi.fn(async () => ({ ok: true as const, data: null })),
  } satisfies HistoryApi;
  return api;
}

const many = (n: number) => Array.from({ length: n }, (_, i) => summary({ id: `r${i}`, host: `site${i}.example.kz` }));

function setup(api: HistoryApi, confirm = vi.fn(() => true), locale: 'en' | 'ru' = 'en') {
  const onFirstRender = vi.fn();
  renderWithI18n(<HistoryPage api={api} confirm={confirm} pageSize={50} debounceMs={0} onFirstRender={onFirstRender} />, locale);
  return { confirm, onFirstRender };
}

describe('HistoryPage', () => {
  it('shows one page of a long history at a time and pages through it', async () => {
    const api = fakeApi(many(120));
    const { onFirstRender } = setup(api);
    expect(await screen.findByText('Reports: 120')).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(51);
    expect(screen.getByText('Page 1 of 3')).toBeTruthy();
    await waitFor(() => expect(onFirstRender).toHaveBeenCalledTimes(1));
    expect((screen.getByRole('button', { name: 'Previous page' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('site50.example.kz')).toBeTruthy();
    expect(screen.getByText('Page 2 of 3')).toBeTruthy();
    expect(api.query).toHaveBeenLastCalledWith({}, 50, 50);
    expect(onFirstRender).toHaveBeenCalledTimes(1);
  });

  it('filters, from the first page, and says when nothing matches', async () => {
    const api = fakeApi([summary({ status: 'rejected', rejectedReason: 'bad signature', host: 'a.kz' }), summary({ host: 'b.kz' })]);
    setup(api);
    await screen.findByText('Reports: 2');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'rejected' } });
    await screen.findByText('Reports: 1');
    expect(api.query).toHaveBeenLastCalledWith({ status: 'rejected' }, 0, 50);
    expect(document.querySelector('tr[data-status="rejected"] .reason')!.textContent).toBe('bad signature');
    fireEvent.input(screen.getByLabelText('Site'), { target: { value: 'zzz' } });
    expect(await screen.findByText('No reports match these filters.')).toBeTruthy();
  });

  it('deletes one report after asking, and all only after asking', async () => {
    const api = fakeApi(many(3));
    const confirm = vi.fn(() => true);
    setup(api, confirm);
    await screen.findByText('Reports: 3');
    fireEvent.click(screen.getAllByRole('button', { name: 'Delete' })[0]!);
    await screen.findByText('Reports: 2');
    expect(api.remove).toHaveBeenCalledWith('r0');
    expect(screen.getByRole('status').textContent).toBe('Report deleted.');
    confirm.mockReturnValueOnce(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete all reports' }));
    expect(confirm).toHaveBeenLastCalledWith('Delete all reports (2) from this browser? Reports already sent stay with the collector.');
    expect(api.removeAll).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Delete all reports' }));
    expect(await screen.findByText(/No reports yet/)).toBeTruthy();
  });

  it('sends a refused report again and says so', async () => {
    const api = fakeApi([summary({ id: 'x', status: 'rejected', rejectedReason: 'r' })]);
    setup(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Send again' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('The report will be sent again.'));
    expect(api.sendAgain).toHaveBeenCalledWith('x');
    await waitFor(() => expect(document.querySelector('td.status-queued')?.textContent).toBe('Waiting to be sent'));
  });

  it('opens the details of one report on demand', async () => {
    const api = fakeApi(many(2));
    setup(api);
    fireEvent.click((await screen.findAllByRole('button', { name: 'Details' }))[1]!);
    expect(await screen.findByText('Exactly what is signed and will be sent')).toBeTruthy();
    expect(api.get).toHaveBeenCalledWith('r1');
  });

  it('exports what the filters show, as JSON or CSV', async () => {
    const api = fakeApi(many(2));
    setup(api);
    await screen.findByText('Reports: 2');
    fireEvent.input(screen.getByLabelText('Site'), { target: { value: 'site1' } });
    await screen.findByText('Reports: 1');
    fireEvent.click(screen.getByRole('button', { name: 'Export as CSV' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export as JSON' }));
    await waitFor(() => expect(api.exportAs).toHaveBeenCalledTimes(2));
    expect(api.exportAs).toHaveBeenNthCalledWith(1, 'csv', { host: 'site1' });
    expect(api.exportAs).toHaveBeenNthCalledWith(2, 'json', { host: 'site1' });
  });

  it('is in Russian for a Russian browser', async () => {
    setup(fakeApi(many(1)), undefined, 'ru');
    expect(await screen.findByText('Отчётов: 1')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Удалить все отчёты' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Доставка' })).toBeTruthy();
  });
});
