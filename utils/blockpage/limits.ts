/** Shared by the content script's pre-check and the background's heuristic. */

/** Block pages say what they have to in a few paragraphs; articles run far longer. */
export const MAX_BLOCKPAGE_TEXT = 3_000;
/** Block pages link to the regulator, the register, perhaps an appeal form; news sites to dozens. */
export const MAX_BLOCKPAGE_LINKS = 8;
/**
 * Block pages are a few kilobytes; with inline logos and styles, tens. A document larger than this
 * is a site, not a notice, and the background reads no more of any page than this either.
 */
export const MAX_BLOCKPAGE_BYTES = 256 * 1024;
