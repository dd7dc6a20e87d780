/**
 * Firefox names a failed request with an XPCOM error name (NS_ERROR_NET_RESET), except when TLS
 * failed: then webRequest's `error` is NSS's message for the error, in the browser's language
 * ("The certificate is not trusted because it is self-signed."). This gives such a sentence back
 * its error name, so the classifier, the canaries and the report read it by what it means, in
 * every language Firefox ships, and no report carries the user's interface language.
 */
import { FIREFOX_NSS_MESSAGES } from './firefox-nss-messages';
import { normaliseSentence } from './nss-sentence';

/** A Firefox TLS failure whose sentence is none of the known interception errors. */
export const NSS_ERROR_UNNAMED = 'NSS_ERROR_UNNAMED';

/**
 * A name as browsers write them: Chromium's `net::ERR_*`, Firefox's `NS_ERROR_*`, `NS_BINDING_*`,
 * `SEC_ERROR_*`, and XPCOM's `NS_ERROR_GENERATE_FAILURE(...)` for codes without a name. A sentence
 * never looks like this: its first word is followed by a space.
 */
function isErrorName(error: string): boolean {
  return error.startsWith('net::') || /^[A-Z][A-Z0-9_]*(\(|$)/.test(error);
}

let byMessage: Map<string, string> | undefined;

function nameOfSentence(sentence: string): string | undefined {
  if (!byMessage) {
    byMessage = new Map();
    for (const [name, messages] of Object.entries(FIREFOX_NSS_MESSAGES)) {
      for (const message of messages) byMessage.set(message, name);
    }
  }
  return byMessage.get(normaliseSentence(sentence));
}

/**
 * The error name for a webRequest `error`: unchanged when it already is one; the NSS name of a
 * known sentence; NSS_ERROR_UNNAMED for any other sentence, which Firefox produces only for
 * failures inside NSS, the TLS layer.
 */
export function errorName(error: string): string {
  if (error === '' || isErrorName(error)) return error;
  return nameOfSentence(error) ?? NSS_ERROR_UNNAMED;
}

/** The same webRequest details, with the error named. */
export function withErrorName<T extends { error: string }>(details: T): T {
  const error = errorName(details.error);
  return error === details.error ? details : { ...details, error };
}
