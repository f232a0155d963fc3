import { hasControlCharacters } from "@disclose/domain";
import { z } from "zod";

export const URL_MAX_CHARS = 500;
export const BRANCH_NAME_MAX_CHARS = 100;

/**
 * A link people will click: https only (never javascript:, data: or plain http), with a host and no credentials
 * (a token in a fork's URL would sit in plaintext metadata), on one line.
 */
export function isSafeHttpsUrl(value: string): boolean {
  if (hasControlCharacters(value) || /\s/u.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
}

export const zHttpsUrl = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}, or leave it out.`)
    .max(URL_MAX_CHARS, `${what[0]?.toUpperCase()}${what.slice(1)} is at most ${URL_MAX_CHARS} characters.`)
    .refine(isSafeHttpsUrl, {
      message: `${what[0]?.toUpperCase()}${what.slice(1)} must be an https:// address (without a password or token in it).`,
    });

/**
 * A branch name as git would accept it (`git check-ref-format --branch`, the common subset): release-1.11,
 * master, stable/v2. No "..", "//", "@{", no part starting with "." and no ".lock" at the end.
 */
export function isBranchName(value: string): boolean {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/+-]*$/.test(value)) return false;
  if (/\.\.|\/\/|@\{|\/\./.test(value)) return false;
  return !/[/.]$/.test(value) && !value.endsWith(".lock");
}

export const ZBranchName = z
  .string()
  .trim()
  .min(1, "Enter the branch name, like release-1.11 or master.")
  .max(BRANCH_NAME_MAX_CHARS, `A branch name is at most ${BRANCH_NAME_MAX_CHARS} characters.`)
  .refine(isBranchName, {
    message:
      'That is not a branch name git accepts. Use letters, digits, ".", "_", "-" and "/", like release-1.11 or master.',
  });

/** A commit hash: 7 to 64 hex digits (an abbreviated or full SHA-1 or SHA-256), stored in lower case. */
export const ZCommitSha = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(
    z
      .string()
      .min(7, "A commit hash has at least 7 hex digits.")
      .max(64, "A commit hash has at most 64 hex digits.")
      .regex(/^[0-9a-f]+$/, "A commit hash has only hex digits (0-9, a-f)."),
  );
