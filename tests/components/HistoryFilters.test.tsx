// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HistoryFilters } from '../../components/HistoryFilters';
import type { ReportFilter } from '../../utils/ui-api/report-query';
import { renderWithI18n } from '../support/i18n';

afterEach(cleanup);

function setup(filter: ReportFilter = {}, locale: 'en' | 'ru' | 'kk' = 'en') {
  const onChange = vi.fn();
  renderWithI18n(<HistoryFilters filter={filter} onChange={onChange} />, locale);
  return onChange;
}

describe('HistoryFilters', () => {
  it('filters by status, kind and site, each a labelled control', () => {
    const onChange = setup();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'rejected' } });
    expect(onChange).toHaveBeenLastCalledWith({ status: 'rejected' });
    fireEvent.change(screen.getByLabelText('What was found'), { target: { value: 'tls_mitm' } });
    expect(onChange).toHaveBeenLastCalledWith({ kind: 'tls_mitm' });
    fireEvent.input(screen.getByLabelText('Site'), { target: { value: 'kz' } });
    expect(onChange).toHaveBeenLastCalledWith({ host: 'kz' });
  });

  it('keeps the other filters when one changes, and drops one set back to All', () => {
    const onChange = setup({ status: 'sent', host: 'example' });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ host: 'example' });
  });

  it('clears every filter at once, and only when one is set', () => {
    const onChange = setup({ kind: 'dns' });
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onChange).toHaveBeenLastCalledWith({});
    cleanup();
    setup();
    expect((screen.getByRole('button', { name: 'Clear filters' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('names statuses and kinds in the user’s language', () => {
    setup({}, 'kk');
    const options = [...(screen.getByLabelText('Күйі') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual([
      'Барлығы',
      'Сіздің қарауыңызды күтуде',
      'Жіберілуін күтуде',
      'Жіберілуде',
      'Жіберілді',
      'Жинаушы қабылдамады',
    ]);
    expect([...(screen.getByLabelText('Анықталған жағдай') as HTMLSelectElement).options]).toHaveLength(12);
  });
});
