import { describe, expect, it } from 'vitest';
import { kindForNetError } from '../../utils/observe/net-errors';

describe('kindForNetError', () => {
  it.each([
    ['net::ERR_NAME_NOT_RESOLVED', 'dns'],
    ['net::ERR_NAME_RESOLUTION_FAILED', 'dns'],
    ['net::ERR_DNS_TIMED_OUT', 'dns'],
    ['net::ERR_DNS_MALFORMED_RESPONSE', 'dns'],
    ['net::ERR_CONNECTION_RESET', 'tcp_reset'],
    ['net::ERR_CONNECTION_CLOSED', 'tcp_reset'],
    ['net::ERR_CONNECTION_ABORTED', 'tcp_reset'],
    ['net::ERR_EMPTY_RESPONSE', 'tcp_reset'],
    ['net::ERR_TIMED_OUT', 'timeout'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'timeout'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'tls'],
    ['net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'tls'],
    ['net::ERR_TLS13_DOWNGRADE_DETECTED', 'tls'],
    ['net::ERR_CERT_DATE_INVALID', 'tls'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'tls_mitm'],
    ['net::ERR_CERT_COMMON_NAME_INVALID', 'tls_mitm'],
    ['net::ERR_CERT_INVALID', 'tls_mitm'],
    ['net::ERR_CONNECTION_REFUSED', 'unreachable'],
    ['net::ERR_ADDRESS_UNREACHABLE', 'unreachable'],
    ['net::ERR_HTTP2_PROTOCOL_ERROR', 'unreachable'],
  ] as const)('maps the Chromium error %s to %s', (error, kind) => {
    expect(kindForNetError(error)).toBe(kind);
  });

  it.each([
    ['NS_ERROR_UNKNOWN_HOST', 'dns'],
    ['NS_ERROR_NET_RESET', 'tcp_reset'],
    ['NS_ERROR_NET_INTERRUPT', 'tcp_reset'],
    ['NS_ERROR_NET_TIMEOUT', 'timeout'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'tls_mitm'],
    ['SSL_ERROR_BAD_CERT_DOMAIN', 'tls_mitm'],
    ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', 'tls_mitm'],
    ['SSL_ERROR_NO_CYPHER_OVERLAP', 'tls'],
    ['SEC_ERROR_EXPIRED_CERTIFICATE', 'tls'],
    ['NS_ERROR_CONNECTION_REFUSED', 'unreachable'],
  ] as const)('maps the Firefox error %s to %s', (error, kind) => {
    expect(kindForNetError(error)).toBe(kind);
  });

  it.each([
    'net::ERR_ABORTED',
    'net::ERR_BLOCKED_BY_CLIENT',
    'net::ERR_BLOCKED_BY_ADMINISTRATOR',
    'net::ERR_CACHE_MISS',
    'net::ERR_INVALID_URL',
    'net::ERR_UNKNOWN_URL_SCHEME',
    'net::ERR_INTERNET_DISCONNECTED',
    'net::ERR_NETWORK_CHANGED',
    'NS_BINDING_ABORTED',
    'NS_ERROR_ABORT',
    'NS_ERROR_OFFLINE',
  ])('ignores %s, which says nothing about blocking', (error) => {
    expect(kindForNetError(error)).toBeNull();
  });

  it('falls back to unreachable for errors it does not know', () => {
    expect(kindForNetError('net::ERR_SOMETHING_NEW')).toBe('unreachable');
    expect(kindForNetError('unknown')).toBe('unreachable');
  });
});
