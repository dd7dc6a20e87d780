/**
 * The one spelling of an NSS error sentence that the generated table (scripts/firefox-nss-messages.ts)
 * and a webRequest error are compared in: Unicode NFC, runs of white space as one space, trimmed.
 */
export function normaliseSentence(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
