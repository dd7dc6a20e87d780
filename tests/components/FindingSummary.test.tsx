// @vitest-environment happy-dom
import { cleanup } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FindingSummary } from '../../components/FindingSummary';
import { renderWithI18n } from '../support/i18n';

afterEach(cleanup);

const finding = {
  host: 'example.kz',
  kind: 'tcp_reset' as const,
  confirmed: true,
  trigger: 'auto' as const,
  at: Date.parse('2026-03-01T10:00:00Z'),
  reportId: 'r1',
  status: 'queued' as const,
};

describe('FindingSummary', () => {
  it('says when nothing was found', () => {
    expect(renderWithI18n(<FindingSummary finding={null} endpointHost={null} />).container.textContent).toMatch(/found no problem/);
  });

  it('shows the verdict in plain words, when, how it was noticed and the delivery', () => {
    const text = renderWithI18n(<FindingSummary finding={finding} endpointHost="collector.example.org" />).container.textContent!;
    expect(text).toMatch(/The connection was cut off/);
    expect(text).toMatch(/Found .*2026.*Noticed automatically/);
    expect(text).toMatch(/Waiting to be sent to collector\.example\.org/);
  });

  it('speaks Kazakh', () => {
    const text = renderWithI18n(
      <FindingSummary finding={{ ...finding, status: 'sent', trigger: 'manual' }} endpointHost="c.example.org" />,
      'kk',
    ).container.textContent!;
    expect(text).toMatch(/Байланыс үзіліп қалды/);
    expect(text).toMatch(/Өзіңіз хабарладыңыз/);
    expect(text).toMatch(/c\.example\.org мекенжайына жіберілді/);
  });
});
