import { describe, expect, it } from 'vitest';
import { errorName, NSS_ERROR_UNNAMED, withErrorName } from '../../utils/observe/firefox-errors';
import { FIREFOX_NSS_LOCALES, FIREFOX_NSS_MESSAGES } from '../../utils/observe/firefox-nss-messages';
import { kindForNetError } from '../../utils/observe/net-errors';

describe('errorName', () => {
  it('leaves names as they are: Chromium, Firefox and XPCOM spellings', () => {
    for (const name of [
      'net::ERR_CONNECTION_RESET',
      'NS_ERROR_NET_RESET',
      'NS_BINDING_ABORTED',
      'SEC_ERROR_UNKNOWN_ISSUER',
      'NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, 12)',
      '',
    ]) {
      expect(errorName(name)).toBe(name);
    }
  });

  it('names the English sentences Firefox 153 gives for interception', () => {
    expect(errorName('The certificate is not trusted because it is self-signed.')).toBe('MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT');
    expect(errorName('Peer’s Certificate issuer is not recognized.')).toBe('SEC_ERROR_UNKNOWN_ISSUER');
    expect(errorName('Unable to communicate securely with peer: requested domain name does not match the server’s certificate.')).toBe(
      'SSL_ERROR_BAD_CERT_DOMAIN',
    );
  });

  it('names them in the languages Blockwatch speaks, whatever the spacing', () => {
    expect(errorName('К сертификату нет доверия, так как он является самоподписанным.')).toBe('MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT');
    const kazakh = FIREFOX_NSS_MESSAGES.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT!.find((m) => /[әғқңөұүһі]/i.test(m));
    expect(kazakh).toBeDefined();
    expect(errorName(`  ${kazakh!.replace(/ /g, '\n ')} `)).toBe('MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT');
  });

  it('calls every other sentence an unnamed TLS failure, which is what Firefox uses sentences for', () => {
    expect(errorName('SSL received a record that exceeded the maximum permissible length.')).toBe(NSS_ERROR_UNNAMED);
    expect(errorName('Le certificat a expiré.')).toBe(NSS_ERROR_UNNAMED);
    expect(kindForNetError(NSS_ERROR_UNNAMED)).toBe('tls');
  });

  it('turns every recorded sentence of every locale into an interception error', () => {
    let count = 0;
    for (const [name, messages] of Object.entries(FIREFOX_NSS_MESSAGES)) {
      for (const message of messages) {
        expect(errorName(message), message).toBe(name);
        expect(kindForNetError(errorName(message))).toBe('tls_mitm');
        count++;
      }
    }
    // The table covers Firefox's languages, not one: Russian and Kazakh among them.
    expect(FIREFOX_NSS_LOCALES).toEqual(expect.arrayContaining(['en-US', 'ru', 'kk', 'uk', 'tr', 'zh-CN']));
    expect(FIREFOX_NSS_LOCALES.length).toBeGreaterThan(90);
    expect(count).toBeGreaterThan(3 * 80);
  });
});

describe('withErrorName', () => {
  it('replaces only the error of the details, and keeps the same object when nothing changes', () => {
    const named = { requestId: '1', error: 'NS_ERROR_NET_RESET' };
    expect(withErrorName(named)).toBe(named);
    expect(withErrorName({ requestId: '2', tabId: 4, error: 'The certificate is not trusted because it is self-signed.' })).toEqual({
      requestId: '2',
      tabId: 4,
      error: 'MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT',
    });
  });
});
