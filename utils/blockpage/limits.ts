/** Shared by the content script's pre-check and the background's heuristic. */

/** Block pages say what they have to in a few paragraphs; articles run far longer. */
export const MAX_BLOCKPAGE_TEXT = 3_000;
/** Block pages link to the regulator, the register, perhaps an appeal form; news sites to dozens. */
export const MAX_BLOCKPAGE_LINKS = 8;
