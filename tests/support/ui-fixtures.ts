import type { ReportSummary } from '../../utils/ui-api/report-query';
import type { SignedReport } from '../../utils/protocol/report-schema';
import type { QueuedReport } from '../../utils/storage/records';
import type { PopupState } from '../../utils/ui-api/views';

/** Data shaped as the background answers it, for the pages' component tests. */
export function summary(overrides: Partial<ReportSummary> = {}): ReportSummary {
  return {
    id: overrides.id ?? crypto.randomUUID(),
    host: 'example.kz',
    url: 'https://example.kz/',
    kind: 'timeout',
    confirmed: true,
    trigger: 'auto',
    createdAt: '2026-03-01T10:00:00.000Z',
    queuedAt: Date.parse('2026-03-01T10:00:01.000Z'),
    status: 'sent',
    attempts: 1,
    sentAt: Date.parse('2026-03-01T10:00:02.000Z'),
    ...overrides,
  };
}

export function queued(overrides: Partial<QueuedReport> & { note?: string } = {}): QueuedReport {
  const id = overrides.id ?? '0b6b8f55-3c57-4a7e-9a43-3e5bd0b8a001';
  const { note, ...rest } = overrides;
  const signed: SignedReport = {
    report: {
      v: 1,
      id,
      createdAt: '2026-03-01T10:00:00.000Z',
      url: 'https://example.kz/',
      host: 'example.kz',
      trigger: 'manual',
      verdict: { kind: 'tcp_reset', confirmed: true },
      evidence: { navigationError: 'net::ERR_CONNECTION_RESET', probe: { error: 'net::ERR_CONNECTION_RESET', ms: 87 } },
      client: { name: 'blockwatch', version: '0.1.0', browser: 'Chromium 156' },
      publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) },
      ...(note !== undefined && { note }),
    },
    signature: 'C'.repeat(86),
  };
  return { id, signed, status: 'queued', attempts: 0, nextAttemptAt: 0, queuedAt: Date.parse('2026-03-01T10:00:01.000Z'), ...rest };
}

export function popupState(overrides: Partial<PopupState> = {}): PopupState {
  return {
    site: { reportable: true, url: 'https://example.kz/', host: 'example.kz' },
    finding: null,
    endpointHost: 'collector.example.org',
    autoDetect: true,
    counts: { held: 0, queued: 1, sending: 0, sent: 4, rejected: 0 },
    ...overrides,
  };
}
