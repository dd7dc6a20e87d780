// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { VerdictText } from '../../components/VerdictText';
import { VERDICT_KINDS } from '../../utils/protocol/report-schema';
import { localeMessages, renderWithI18n } from '../support/i18n';

afterEach(cleanup);

describe('VerdictText', () => {
  it('explains every verdict kind in plain words, in each language', () => {
    for (const locale of ['en', 'ru', 'kk'] as const) {
      const messages = localeMessages(locale);
      for (const kind of VERDICT_KINDS) {
        const { container, unmount } = renderWithI18n(<VerdictText kind={kind} />, locale);
        expect(container.querySelector('strong')!.textContent).toBe(messages[`verdict_${kind}_title`]!.message);
        expect(container.querySelector('.verdict-explain')!.textContent).toBe(messages[`verdict_${kind}_explain`]!.message);
        unmount();
      }
    }
  });

  it('is honest that down for everyone is not blocking', () => {
    renderWithI18n(<VerdictText kind="down_everywhere" />);
    expect(screen.getByText(/not blocking/)).toBeTruthy();
  });

  it('says whether Blockwatch’s own check confirmed it', () => {
    renderWithI18n(<VerdictText kind="dns" confirmed={false} />, 'ru');
    expect(screen.getByText(/^Не подтверждено: собственная проверка/)).toBeTruthy();
    cleanup();
    renderWithI18n(<VerdictText kind="dns" confirmed />, 'kk');
    expect(screen.getByText('Blockwatch өз тексерісімен растады')).toBeTruthy();
  });

  it('does not call a loaded site confirmed or unconfirmed', () => {
    const { container } = renderWithI18n(<VerdictText kind="ok" confirmed />);
    expect(container.textContent).not.toMatch(/onfirmed/);
  });
});
