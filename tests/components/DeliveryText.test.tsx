// @vitest-environment happy-dom
import { cleanup } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryText } from '../../components/DeliveryText';
import { renderWithI18n } from '../support/i18n';

afterEach(cleanup);

const text = (ui: preact.ComponentChildren, locale: 'en' | 'ru' | 'kk' = 'en') => renderWithI18n(ui, locale).container.textContent;

describe('DeliveryText', () => {
  it('names where a sent report went, and when', () => {
    expect(text(<DeliveryText status="sent" endpointHost="collector.example.org" sentAt={Date.parse('2026-03-01T10:00:00Z')} />)).toMatch(
      /^Sent to collector\.example\.org on .*2026/,
    );
  });

  it('says plainly that nothing was sent when no endpoint is set', () => {
    expect(text(<DeliveryText status="queued" endpointHost={null} />)).toMatch(/Nothing was sent: no collection endpoint is set/);
    expect(text(<DeliveryText status="queued" endpointHost={null} />, 'ru')).toMatch(/Ничего не отправлено/);
  });

  it('gives the collector’s reason for a refusal', () => {
    expect(text(<DeliveryText status="rejected" endpointHost="c.example.org" rejectedReason="signature does not verify" />)).toBe(
      'The collector refused it: signature does not verify',
    );
  });

  it('tells a held report from one waiting to be sent, and shows the last failure', () => {
    expect(text(<DeliveryText status="held" endpointHost="c.example.org" />)).toMatch(/waits for your review/);
    expect(text(<DeliveryText status="queued" endpointHost="c.example.org" lastError="the collector could not be reached" />)).toMatch(
      /Waiting to be sent to c\.example\.org\. The last attempt failed \(the collector could not be reached\)/,
    );
  });
});
