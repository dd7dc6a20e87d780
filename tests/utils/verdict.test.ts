import { describe, expect, it } from 'vitest';
import { decideVerdict } from '../../utils/classify/1-probe-verdict';
import { makeProbe, makeSuspicion } from '../support/fixtures';

const auto = makeSuspicion({ trigger: 'auto', navigationError: 'net::ERR_CONNECTION_RESET' });
const manual = makeSuspicion({ trigger: 'manual', navigationError: undefined });

describe('decideVerdict', () => {
  it('confirms when the probe fails too, with the kind the probe measured', () => {
    expect(decideVerdict(auto, makeProbe({ error: 'net::ERR_CONNECTION_RESET' }))).toEqual({ kind: 'tcp_reset', confirmed: true });
    // The probe's own error wins over the page's.
    expect(decideVerdict(auto, makeProbe({ error: 'net::ERR_NAME_NOT_RESOLVED' }))).toEqual({ kind: 'dns', confirmed: true });
    expect(decideVerdict(auto, makeProbe({ error: 'net::ERR_CERT_AUTHORITY_INVALID' }))).toEqual({ kind: 'tls_mitm', confirmed: true });
  });

  it('calls a probe that timed out a timeout', () => {
    expect(decideVerdict(auto, { ok: false, timedOut: true, ms: 15_000 })).toEqual({ kind: 'timeout', confirmed: true });
  });

  it('calls a failure with an uninformative error of its own unreachable', () => {
    expect(decideVerdict(auto, makeProbe({ error: 'unknown' }))).toEqual({ kind: 'unreachable', confirmed: true });
    expect(decideVerdict(auto, makeProbe({ error: 'net::ERR_ABORTED' }))).toEqual({ kind: 'unreachable', confirmed: true });
  });

  it('takes the kind from the navigation when the probe failed without a named error (no webRequest)', () => {
    const failed = makeProbe({ error: undefined });
    for (const [navigationError, kind] of [
      ['net::ERR_CONNECTION_RESET', 'tcp_reset'],
      ['net::ERR_NAME_NOT_RESOLVED', 'dns'],
      ['net::ERR_CERT_AUTHORITY_INVALID', 'tls_mitm'],
      ['net::ERR_SSL_PROTOCOL_ERROR', 'tls'],
      ['net::ERR_CONNECTION_REFUSED', 'unreachable'],
    ] as const) {
      expect(decideVerdict(makeSuspicion({ navigationError }), failed), navigationError).toEqual({ kind, confirmed: true });
    }
    // A navigation that timed out is not reproduced by a probe that failed at once.
    expect(decideVerdict(makeSuspicion({ navigationError: 'net::ERR_TIMED_OUT' }), failed)).toEqual({
      kind: 'unreachable',
      confirmed: true,
    });
    expect(decideVerdict(makeSuspicion({ navigationError: 'net::ERR_TIMED_OUT' }), { ok: false, timedOut: true, ms: 15_000 })).toEqual({
      kind: 'timeout',
      confirmed: true,
    });
    expect(decideVerdict(makeSuspicion({ navigationError: undefined, httpStatus: 451 }), failed)).toEqual({
      kind: 'unreachable',
      confirmed: true,
    });
  });

  it('drops an automatic suspicion the probe could not reproduce', () => {
    expect(decideVerdict(auto, { ok: true, status: 200, ms: 80 })).toBeNull();
    expect(decideVerdict(auto, { ok: true, status: 503, ms: 80 })).toBeNull();
    expect(decideVerdict(makeSuspicion({ navigationError: undefined, httpStatus: 451 }), { ok: true, status: 200, ms: 80 })).toBeNull();
  });

  it('reports ok for a manual report of a page that loads', () => {
    expect(decideVerdict(manual, { ok: true, status: 200, ms: 80 })).toEqual({ kind: 'ok', confirmed: true });
  });

  it('keeps the page error, unconfirmed, on a manual report the probe did not reproduce', () => {
    const withError = makeSuspicion({ trigger: 'manual', navigationError: 'net::ERR_CONNECTION_TIMED_OUT' });
    expect(decideVerdict(withError, { ok: true, status: 200, ms: 80 })).toEqual({ kind: 'timeout', confirmed: false });
    const ignoredError = makeSuspicion({ trigger: 'manual', navigationError: 'net::ERR_ABORTED' });
    expect(decideVerdict(ignoredError, { ok: true, status: 200, ms: 80 })).toEqual({ kind: 'ok', confirmed: true });
  });

  it('calls HTTP 451 from the probe a confirmed block page with the http-451 fingerprint', () => {
    const suspicion = makeSuspicion({ navigationError: undefined, httpStatus: 451 });
    expect(decideVerdict(suspicion, { ok: true, status: 451, ms: 80 })).toEqual({
      kind: 'blockpage',
      confirmed: true,
      blockpage: { fingerprint: 'http-451', source: 'status' },
    });
    expect(decideVerdict(manual, { ok: true, status: 451, ms: 80 })).toMatchObject({ kind: 'blockpage', confirmed: true });
  });

  it('keeps a 451 the page saw on a manual report, unconfirmed, when the probe loads', () => {
    const suspicion = makeSuspicion({ trigger: 'manual', navigationError: undefined, httpStatus: 451 });
    expect(decideVerdict(suspicion, { ok: true, status: 200, ms: 80 })).toEqual({
      kind: 'blockpage',
      confirmed: false,
      blockpage: { fingerprint: 'http-451', source: 'status' },
    });
  });
});
