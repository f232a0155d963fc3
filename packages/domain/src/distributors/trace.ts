/**
 * Tracing a leaked copy: each organisation's copies carry its mark (12 characters of base32, `[A-Z2-7]`) in a
 * trailer line of the patch text and in the file name. These read it back, in the PST's browser, so the leaked
 * file itself never reaches the server. A careful leaker can strip a mark: finding none proves nothing.
 */
const MARK_CODE = /^[A-Z2-7]{12}$/;
/** The trailer line's name, as the marking side (disclosure.ts) writes it. */
export const TRACE_TRAILER = "Disclose-Distributor-Mark";

const TRAILER_LINE = new RegExp(`^${TRACE_TRAILER}:[ \\t]*([A-Z2-7]{12})[ \\t]*\\r?$`, "gm");

/** Every distinct mark found in trailer lines of `text` (more than one: the file mixes copies). */
export function findMarksInText(text: string): string[] {
  return [...new Set([...text.matchAll(TRAILER_LINE)].map((m) => m[1] as string))];
}

/** The mark of a copy's text, or null when there is none (or several disagree: then nothing is certain). */
export function findMarkInText(text: string): string | null {
  const marks = findMarksInText(text);
  return marks.length === 1 ? (marks[0] ?? null) : null;
}

/** The mark in a copy's file name: a run of exactly 12 `[A-Z2-7]` between separators (or the name's ends). */
export function findMarkInFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? "";
  const found = [...base.matchAll(/(?:^|[^A-Za-z0-9])([A-Z2-7]{12})(?=$|[^A-Za-z0-9])/g)].map(
    (m) => m[1] as string,
  );
  const marks = [...new Set(found)];
  return marks.length === 1 ? (marks[0] ?? null) : null;
}

/** Whether `value` looks like a mark at all (the server refuses anything else before any query). */
export function isMarkCode(value: string): boolean {
  return MARK_CODE.test(value);
}
