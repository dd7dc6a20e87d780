// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportDetails } from '../../components/ReportDetails';
import { renderWithI18n } from '../support/i18n';
import { queued } from '../support/ui-fixtures';

afterEach(cleanup);

describe('ReportDetails', () => {
  it('loads the report on demand and shows its evidence and the exact signed JSON', async () => {
    const entry = queued({ status: 'sent', attempts: 2, note: 'since Monday' });
    const load = vi.fn(async () => ({ ok: true as const, data: entry }));
    renderWithI18n(<ReportDetails id={entry.id} load={load} />);
    expect(await screen.findByText('Exactly what was signed and sent')).toBeTruthy();
    expect(load).toHaveBeenCalledWith(entry.id);
    const pre = document.querySelector('pre')!;
    expect(JSON.parse(pre.textContent!)).toEqual(entry.signed);
    expect(pre.getAttribute('tabindex')).toBe('0');
    const text = document.body.textContent!;
    expect(text).toMatch(/Error the browser showednet::ERR_CONNECTION_RESET/);
    expect(text).toMatch(/Blockwatch’s own checknet::ERR_CONNECTION_RESET, 87 ms/);
    expect(text).toMatch(/Your notesince Monday/);
    expect(text).toMatch(/Sending attempts2/);
  });

  it('names the denial a manual report found instead of a block', async () => {
    const entry = queued();
    entry.signed.report.verdict = { kind: 'ok', confirmed: true };
    entry.signed.report.evidence = { probe: { status: 403, ms: 40 }, denial: { family: 'cdn_waf', name: 'cloudflare' } };
    renderWithI18n(<ReportDetails id={entry.id} load={async () => ({ ok: true, data: entry })} />, 'kk');
    await screen.findByText('Цензура емес: сайттың өз бас тартуы');
    expect(document.body.textContent).toMatch(/Цензура емес: сайттың өз бас тартуыcdn_waf \(cloudflare\)/);
  });

  it('says a held report has not left the browser', async () => {
    renderWithI18n(<ReportDetails id="x" load={async () => ({ ok: true, data: queued({ status: 'held' }) })} />, 'ru');
    expect(await screen.findByText('Именно то, что подписано (хранится только в этом браузере)')).toBeTruthy();
  });

  it('shows an error, and a report deleted meanwhile', async () => {
    renderWithI18n(<ReportDetails id="x" load={async () => ({ ok: false, error: 'boom' })} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong: boom');
    cleanup();
    renderWithI18n(<ReportDetails id="x" load={async () => ({ ok: true, data: null })} />);
    expect(await screen.findByText('Report deleted.')).toBeTruthy();
  });
});
