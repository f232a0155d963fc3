/**
 * C0 and C1 control characters, DEL, and the Unicode format characters people use to disguise text: bidi
 * overrides and isolates ("Trojan Source"), zero-width joiners and the BOM. None belongs in a single-line field
 * (a name, a link, a version), and bidi controls are refused even in multi-line text because they make what a
 * reader sees differ from what is stored.
 */
// Built from a string so the escapes stay readable; the characters listed are the point of the check.
const DISGUISING = "\\u007f-\\u009f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff";
const SINGLE_LINE_FORBIDDEN = new RegExp(`[\\u0000-\\u001f${DISGUISING}]`, "u");
/** As above, but line feeds and tabs are part of multi-line text. */
const MULTI_LINE_FORBIDDEN = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${DISGUISING}]`, "u");

/** True when `text` holds a character no single-line field accepts (see above). */
export function hasControlCharacters(text: string): boolean {
  return SINGLE_LINE_FORBIDDEN.test(text);
}

/** True when multi-line `text` holds a control character other than a line feed or a tab. */
export function hasControlCharactersInText(text: string): boolean {
  return MULTI_LINE_FORBIDDEN.test(text);
}
