import { parsePatch } from "diff";
import { PATCH_LIMITS, type TPatchLimits } from "./limits";
import { clip, parseAddress, parseHeaders, parseSubject } from "./mail";
import type {
  TParseResult,
  TPatch,
  TPatchError,
  TPatchFile,
  TPatchFileStatus,
  TPatchHunk,
  TPatchLine,
} from "./types";

/** The first line of every patch `git format-patch` writes (SHA-1 or SHA-256 repositories). */
const FROM_LINE = /^From ([0-9a-f]{40}|[0-9a-f]{64}) Mon Sep 17 00:00:00 2001$/;
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

class ParseFailure extends Error {
  constructor(readonly error: TPatchError) {
    super(error.message);
  }
}

function fail(error: TPatchError): never {
  throw new ParseFailure(error);
}

/**
 * Parses `git format-patch` output: one patch, or a series in one mbox file (`--stdout`). The e-mail part
 * (mbox split, headers, message) is read here; each file's diff is parsed by jsdiff's `parsePatch`.
 * Never throws: anything that is not a complete format-patch file comes back as an error for the person.
 */
export function parseFormatPatch(
  input: Uint8Array | string,
  limits: Partial<TPatchLimits> = {},
): TParseResult {
  const max = { ...PATCH_LIMITS, ...limits };
  try {
    return { ok: true, patches: parseOrThrow(input, max) };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: error.error };
    return {
      ok: false,
      error: {
        code: "bad-diff",
        message: "The patch could not be read. Make it again with git format-patch.",
      },
    };
  }
}

function parseOrThrow(input: Uint8Array | string, max: TPatchLimits): TPatch[] {
  const size = typeof input === "string" ? new TextEncoder().encode(input).length : input.length;
  if (size === 0) fail({ code: "empty", message: "The patch file is empty." });
  if (size > max.maxBytes) {
    fail({
      code: "too-large",
      message: `The patch file is ${formatMb(size)}; at most ${formatMb(max.maxBytes)} is accepted.`,
    });
  }
  const hasNul = typeof input === "string" ? input.includes("\0") : input.includes(0);
  if (hasNul) {
    fail({
      code: "nul-byte",
      message:
        "The patch file contains a NUL byte: it is not text. Binary changes belong in git's own binary patch form.",
    });
  }
  let text = typeof input === "string" ? input : new TextDecoder("utf-8").decode(input);
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  if (text.trim() === "") fail({ code: "empty", message: "The patch file holds only blank space." });
  // A file that went through a Windows editor or mail client: every line ends in CRLF.
  if (/\r\n/.test(text) && !/[^\r]\n|^\n/.test(text)) text = text.replaceAll("\r\n", "\n");

  const lines = text.split("\n");
  if (!FROM_LINE.test(lines[0]!)) {
    fail({
      code: "not-format-patch",
      message:
        'This is not git format-patch output: it must start with a line "From <commit hash> Mon Sep 17 00:00:00 2001". Make it with `git format-patch`.',
    });
  }
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (FROM_LINE.test(line)) starts.push(i);
  });
  if (starts.length > max.maxPatches) {
    fail({
      code: "too-many-patches",
      message: `The file holds ${starts.length} patches; at most ${max.maxPatches} are accepted in one file.`,
    });
  }
  const patches: TPatch[] = [];
  let fileCount = 0;
  starts.forEach((start, n) => {
    const patch = parseMessage(lines.slice(start, starts[n + 1] ?? lines.length), n + 1);
    fileCount += patch.files.length;
    if (fileCount > max.maxFiles) {
      fail({
        code: "too-many-files",
        message: `The patches change more than ${max.maxFiles} files; at most ${max.maxFiles} are accepted in one file.`,
        patch: n + 1,
      });
    }
    patches.push(patch);
  });
  return patches;
}

function parseMessage(lines: string[], number: number): TPatch {
  const commit = FROM_LINE.exec(lines[0]!)![1]!;
  const blank = lines.indexOf("", 1);
  if (blank === -1) {
    fail({ code: "bad-header", message: "The patch ends inside its headers.", patch: number });
  }
  const parsed = parseHeaders(lines.slice(1, blank));
  if (typeof parsed === "string") fail({ code: "bad-header", message: parsed, patch: number });
  const headers = parsed;

  const contentType = headers.get("content-type");
  if (contentType && !/^text\/plain\b/i.test(contentType)) {
    fail({
      code: "unsupported-encoding",
      message: `Patch ${number} is a ${clip(contentType, 40)} message (made with --attach or --inline?). Make it with plain \`git format-patch\`.`,
      patch: number,
    });
  }
  const transfer = headers.get("content-transfer-encoding");
  if (transfer && !/^(7bit|8bit|binary)$/i.test(transfer)) {
    fail({
      code: "unsupported-encoding",
      message: `Patch ${number} is encoded as ${clip(transfer, 40)}; only git format-patch's plain 8-bit text is accepted.`,
      patch: number,
    });
  }

  // Everything after the headers: the message, "---", a diffstat, the diff, the signature.
  const rest = lines.slice(blank + 1);
  // In-body headers: git writes "From:" (and sometimes "Date:"/"Subject:") first when they differ from the mail's.
  const inBody = new Map<string, string>();
  let bodyStart = 0;
  if (/^(From|Date|Subject): /.test(rest[0] ?? "")) {
    let end = 0;
    while (end < rest.length && /^(From|Date|Subject): /.test(rest[end]!)) end++;
    if (rest[end] === "") {
      const found = parseHeaders(rest.slice(0, end));
      if (typeof found !== "string") for (const [k, v] of found) inBody.set(k, v);
      bodyStart = end + 1;
    }
  }
  const header = (name: string) => inBody.get(name) ?? headers.get(name);

  const from = header("from");
  const author = from === undefined ? null : parseAddress(from);
  if (!author) {
    fail({ code: "bad-header", message: `Patch ${number} has no author ("From:" header).`, patch: number });
  }
  const rawDate = header("date");
  const time = rawDate === undefined ? Number.NaN : Date.parse(rawDate);
  if (rawDate === undefined || Number.isNaN(time)) {
    fail({
      code: "bad-header",
      message: `Patch ${number} has no readable date ("Date:" header).`,
      patch: number,
    });
  }
  const rawSubject = header("subject");
  if (rawSubject === undefined) {
    fail({
      code: "bad-header",
      message: `Patch ${number} has no subject ("Subject:" header).`,
      patch: number,
    });
  }
  const { subject, series } = parseSubject(rawSubject);

  const diffStartRel = rest.findIndex((line, i) => i >= bodyStart && line.startsWith("diff --git "));
  if (diffStartRel === -1) {
    fail({
      code: "no-diff",
      message: `Patch ${number} ("${clip(subject, 60)}") has no diff: no "diff --git" line.`,
      patch: number,
    });
  }
  const separator = rest.findIndex((line, i) => i >= bodyStart && i < diffStartRel && line === "---");
  const messageLines = rest.slice(bodyStart, separator === -1 ? diffStartRel : separator);
  const body = messageLines.join("\n").trim();

  const files = parseDiff(rest.slice(diffStartRel), number);
  return {
    commit,
    author,
    rawDate,
    date: new Date(time).toISOString(),
    subject,
    series,
    body,
    files,
  };
}

interface TRawFile {
  lines: string[];
  hunkHeaders: string[];
  /** Where the file starts in the patch's diff, for error messages. */
  firstLine: string;
}

/**
 * Splits one patch's diff into its files and finds where it ends. git's signature ("-- " and its version)
 * follows the diff, and "-- " is also a valid removed line ("- "), so the hunks are walked by their line
 * counts: only outside a hunk does "-- " end the diff. The counts also tell a cut-short hunk.
 */
function splitFiles(lines: string[], number: number): TRawFile[] {
  const files: TRawFile[] = [];
  let current: TRawFile | null = null;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line === "-- ") break;
    if (line.startsWith("diff --git ")) {
      current = { lines: [line], hunkHeaders: [], firstLine: line };
      files.push(current);
      i++;
      continue;
    }
    if (!current) break;
    if (line.startsWith("@@")) {
      const match = HUNK_HEADER.exec(line);
      const file = pathOfDiffLine(current.firstLine);
      if (!match) {
        fail({
          code: "bad-hunk",
          message: `Patch ${number}, ${file}: this hunk header is not "@@ -a,b +c,d @@": "${clip(line)}".`,
          patch: number,
          file,
        });
      }
      current.lines.push(line);
      current.hunkHeaders.push(line);
      let oldLeft = match[2] === undefined ? 1 : Number(match[2]);
      let newLeft = match[4] === undefined ? 1 : Number(match[4]);
      i++;
      while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
        const body = lines[i]!;
        const op = body === "" && i < lines.length - 1 ? " " : body[0];
        if (op === " ") {
          oldLeft--;
          newLeft--;
        } else if (op === "-") oldLeft--;
        else if (op === "+") newLeft--;
        else if (op !== "\\") break;
        current.lines.push(body);
        i++;
      }
      while (i < lines.length && lines[i]!.startsWith("\\")) current.lines.push(lines[i++]!);
      const next = lines[i];
      const overrun = next !== undefined && /^[ +-]/.test(next) && next !== "-- " && !next.startsWith("--- ");
      if (oldLeft !== 0 || newLeft !== 0 || overrun) {
        fail({
          code: "truncated-hunk",
          message: `Patch ${number}, ${file}: the hunk "${clip(line)}" is cut short or miscounted (${
            oldLeft > 0 || newLeft > 0 ? "lines are missing" : "it has more lines than it says"
          }). Upload the whole file as git format-patch wrote it.`,
          patch: number,
          file,
        });
      }
      continue;
    }
    if (line.startsWith("--- ") && !lines[i + 1]?.startsWith("+++ ")) {
      const file = pathOfDiffLine(current.firstLine);
      fail({
        code: "bad-diff",
        message: `Patch ${number}, ${file}: the diff is malformed (a "---" file header without its "+++" line).`,
        patch: number,
        file,
      });
    }
    current.lines.push(line);
    i++;
  }
  return files;
}

function pathOfDiffLine(line: string): string {
  const rest = line.slice("diff --git ".length);
  const b = rest.lastIndexOf(" b/");
  return b === -1 ? rest : rest.slice(b + 3);
}

function parseDiff(lines: string[], number: number): TPatchFile[] {
  return splitFiles(lines, number).map((raw) => {
    const fallbackName = pathOfDiffLine(raw.firstLine);
    let parsed: ReturnType<typeof parsePatch>;
    try {
      parsed = parsePatch(raw.lines.join("\n"));
    } catch (error) {
      fail({
        code: "bad-diff",
        message: `Patch ${number}, ${fallbackName}: the diff is malformed (${error instanceof Error ? error.message : "unreadable"}).`,
        patch: number,
        file: fallbackName,
      });
    }
    const index = parsed[0];
    if (parsed.length !== 1 || !index) {
      fail({
        code: "bad-diff",
        message: `Patch ${number}, ${fallbackName}: the diff of this file could not be read.`,
        patch: number,
        file: fallbackName,
      });
    }
    const binary =
      index.isBinary === true ||
      raw.lines.some((l) => l === "GIT binary patch" || l.startsWith("Binary files "));
    const status: TPatchFileStatus = index.isCreate
      ? "added"
      : index.isDelete
        ? "deleted"
        : index.isRename
          ? "renamed"
          : index.isCopy
            ? "copied"
            : "modified";
    const oldPath = status === "added" ? null : stripPrefix(index.oldFileName, "a/");
    const newPath = status === "deleted" ? null : stripPrefix(index.newFileName, "b/");
    if (oldPath === null && newPath === null) {
      fail({
        code: "bad-diff",
        message: `Patch ${number}: a file's diff names no path ("${clip(raw.firstLine)}").`,
        patch: number,
      });
    }
    let additions = 0;
    let deletions = 0;
    const hunks: TPatchHunk[] = index.hunks.map((hunk, h) => {
      const header = raw.hunkHeaders[h] ?? "";
      let oldNumber = hunk.oldStart;
      let newNumber = hunk.newStart;
      const out: TPatchLine[] = hunk.lines.map((line): TPatchLine => {
        const text = line.slice(1);
        switch (line[0]) {
          case "+":
            additions++;
            return { kind: "add", text, oldNumber: null, newNumber: newNumber++ };
          case "-":
            deletions++;
            return { kind: "delete", text, oldNumber: oldNumber++, newNumber: null };
          case "\\":
            return { kind: "no-newline", text: line.slice(2), oldNumber: null, newNumber: null };
          default:
            return { kind: "context", text, oldNumber: oldNumber++, newNumber: newNumber++ };
        }
      });
      return {
        header,
        section: (HUNK_HEADER.exec(header)?.[5] ?? "").trim(),
        oldStart: hunk.oldStart,
        oldLines: hunk.oldLines,
        newStart: hunk.newStart,
        newLines: hunk.newLines,
        lines: out,
      };
    });
    return {
      oldPath,
      newPath,
      status,
      binary,
      oldMode: index.oldMode ?? null,
      newMode: index.newMode ?? null,
      additions,
      deletions,
      hunks,
    };
  });
}

function stripPrefix(name: string | undefined, prefix: string): string | null {
  if (name === undefined || name === "/dev/null") return null;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
