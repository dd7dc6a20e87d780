import type { VerdictKind } from '../protocol/report-schema';

/**
 * How a browser network error maps onto a verdict kind. Chromium reports `net::ERR_*`, Firefox
 * `NS_ERROR_*`, `SEC_ERROR_*` and `SSL_ERROR_*`.
 */

/** Errors that never point at blocking: the user or the browser stopped the load itself. */
const NOT_A_SIGNAL = new Set([
  'net::ERR_ABORTED',
  'net::ERR_BLOCKED_BY_CLIENT',
  'net::ERR_BLOCKED_BY_ADMINISTRATOR',
  'net::ERR_BLOCKED_BY_RESPONSE',
  'net::ERR_BLOCKED_BY_ORB',
  'net::ERR_CACHE_MISS',
  'net::ERR_INVALID_URL',
  'net::ERR_UNKNOWN_URL_SCHEME',
  'net::ERR_FILE_NOT_FOUND',
  'net::ERR_INTERNET_DISCONNECTED',
  'net::ERR_NETWORK_IO_SUSPENDED',
  'net::ERR_NETWORK_CHANGED',
  'net::ERR_HTTP_RESPONSE_CODE_FAILURE',
  'NS_BINDING_ABORTED',
  'NS_ERROR_ABORT',
  'NS_ERROR_OFFLINE',
]);

const EXACT: Record<string, VerdictKind> = {
  'net::ERR_NAME_NOT_RESOLVED': 'dns',
  'net::ERR_NAME_RESOLUTION_FAILED': 'dns',
  NS_ERROR_UNKNOWN_HOST: 'dns',
  'net::ERR_CONNECTION_RESET': 'tcp_reset',
  'net::ERR_CONNECTION_CLOSED': 'tcp_reset',
  'net::ERR_CONNECTION_ABORTED': 'tcp_reset',
  'net::ERR_EMPTY_RESPONSE': 'tcp_reset',
  NS_ERROR_NET_RESET: 'tcp_reset',
  NS_ERROR_NET_INTERRUPT: 'tcp_reset',
  'net::ERR_TIMED_OUT': 'timeout',
  'net::ERR_CONNECTION_TIMED_OUT': 'timeout',
  NS_ERROR_NET_TIMEOUT: 'timeout',
  'net::ERR_CERT_AUTHORITY_INVALID': 'tls_mitm',
  'net::ERR_CERT_COMMON_NAME_INVALID': 'tls_mitm',
  'net::ERR_CERT_INVALID': 'tls_mitm',
  'net::ERR_CERT_WEAK_SIGNATURE_ALGORITHM': 'tls_mitm',
  'net::ERR_CERTIFICATE_TRANSPARENCY_REQUIRED': 'tls_mitm',
  'net::ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN': 'tls_mitm',
  SEC_ERROR_UNKNOWN_ISSUER: 'tls_mitm',
  SSL_ERROR_BAD_CERT_DOMAIN: 'tls_mitm',
  MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT: 'tls_mitm',
  MOZILLA_PKIX_ERROR_MITM_DETECTED: 'tls_mitm',
  // A Firefox TLS failure whose message is not one of the known ones (utils/firefox-errors.ts).
  NSS_ERROR_UNNAMED: 'tls',
};

/** The kind a network error points at, or null when the error says nothing about blocking. */
export function kindForNetError(error: string): VerdictKind | null {
  if (NOT_A_SIGNAL.has(error)) return null;
  const exact = EXACT[error];
  if (exact) return exact;
  if (error.startsWith('net::ERR_DNS_')) return 'dns';
  if (error.startsWith('net::ERR_SSL_') || error.startsWith('SSL_ERROR_') || error.startsWith('net::ERR_TLS')) {
    return 'tls';
  }
  if (error.startsWith('net::ERR_CERT_') || error.startsWith('SEC_ERROR_')) return 'tls';
  return 'unreachable';
}
