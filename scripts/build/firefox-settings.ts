/**
 * Firefox's `browser_specific_settings`: the add-on id, the oldest Firefox versions it runs on, and
 * what it transmits, declared for Firefox's consent screen and addons.mozilla.org
 * (docs/releasing.md says why each value is what it is).
 */

export const GECKO_ID = 'blockwatch@blockwatch.invalid';
/** Firefox 140 (an ESR) is the first desktop release that shows data-collection consent. */
export const FIREFOX_MIN_VERSION = '140.0';
/** Firefox for Android shows it from 142. */
export const FIREFOX_ANDROID_MIN_VERSION = '142.0';

/**
 * A report names the site that failed (its origin, or its path if the user opts in): browsing
 * activity. Its evidence is what the site answered (HTTP status, block-page fingerprint, the
 * certificate issuer of an interception, DNS answers): website content. Both go only to the
 * endpoint the user sets, and a check asks the DNS-over-HTTPS resolver about a name that failed.
 */
export const DATA_COLLECTION = { required: ['browsingActivity', 'websiteContent'] } as const;

export function firefoxSettings() {
  return {
    gecko: { id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: DATA_COLLECTION },
    gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
  };
}
