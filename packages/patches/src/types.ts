/** One line of a hunk, numbered as in the old and the new file (null where the line is not in that file). */
export type TPatchLine =
  | { kind: "context"; text: string; oldNumber: number; newNumber: number }
  | { kind: "add"; text: string; oldNumber: null; newNumber: number }
  | { kind: "delete"; text: string; oldNumber: number; newNumber: null }
  /** "\ No newline at end of file": about the line before it. */
  | { kind: "no-newline"; text: string; oldNumber: null; newNumber: null };

export interface TPatchHunk {
  /** The whole "@@ -a,b +c,d @@ section" line. */
  header: string;
  /** What git shows after the second "@@" (usually the enclosing function); "" when none. */
  section: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: TPatchLine[];
}

export type TPatchFileStatus = "added" | "deleted" | "modified" | "renamed" | "copied";

export interface TPatchFile {
  /** Path before the change, without git's "a/" prefix; null for an added file. */
  oldPath: string | null;
  /** Path after the change, without git's "b/" prefix; null for a deleted file. */
  newPath: string | null;
  status: TPatchFileStatus;
  /** A binary change ("GIT binary patch" or "Binary files … differ"): no hunks to show. */
  binary: boolean;
  oldMode: string | null;
  newMode: string | null;
  additions: number;
  deletions: number;
  hunks: TPatchHunk[];
}

export interface TPatch {
  /** The commit the patch was made from (the "From <hash> Mon Sep 17 00:00:00 2001" line), lower-case hex. */
  commit: string;
  author: { name: string; email: string };
  /** The Date header as written. */
  rawDate: string;
  /** The same instant as an ISO 8601 UTC string. */
  date: string;
  /** Without "[PATCH n/m]" and other leading bracketed prefixes. */
  subject: string;
  /** "[PATCH 2/3]" → { number: 2, total: 3 }; null for a lone "[PATCH]". */
  series: { number: number; total: number } | null;
  /** The commit message after the subject (may be ""). */
  body: string;
  files: TPatchFile[];
}

export type TPatchErrorCode =
  | "empty"
  | "too-large"
  | "nul-byte"
  | "not-format-patch"
  | "too-many-patches"
  | "too-many-files"
  | "bad-header"
  | "unsupported-encoding"
  | "no-diff"
  | "bad-hunk"
  | "truncated-hunk"
  | "bad-diff";

export interface TPatchError {
  code: TPatchErrorCode;
  /** Meant for the person who uploaded the file: what is wrong and, where it helps, what to do. */
  message: string;
  /** 1-based position of the patch in the file, when the error is in one. */
  patch?: number;
  /** The file of the diff the error is in, when it is in one. */
  file?: string;
}

export type TParseResult = { ok: true; patches: TPatch[] } | { ok: false; error: TPatchError };
