// The backup file: one gzipped tar holding `disclose-backup.json` (the manifest) first, then `data/`, a copy of
// a PostgreSQL data directory that starts by itself (backup_label and the WAL it needs inside). The manifest
// lists every file with its size and sha256, so that a restore can tell a complete, unchanged archive from a
// truncated, damaged or foreign one before it touches anything.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync } from "node:fs";
import { mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { create as createTar, Parser, type ReadEntry } from "tar";
import { z } from "zod";

export const BACKUP_FORMAT = "disclose-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_NAME = "disclose-backup.json";
/** The data directory's folder inside the archive. */
export const DATA_ROOT = "data";

// A manifest holds one line per file; a data directory of a few thousand files makes well under 1 MB.
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

// Archive paths: `data` or below it, plain names only (no `.`, `..`, empty parts, backslashes or NULs), so that
// nothing extracts outside the folder it is extracted into.
const ZArchivePath = z
  .string()
  .regex(/^data(\/[^/\\\0]+)*$/, "is not a path below data/")
  .refine((p) => p.split("/").every((part) => part !== "." && part !== ".."), "has a . or .. part");

const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/);

const ZBackupFile = z.object({
  path: ZArchivePath,
  size: z.number().int().nonnegative(),
  sha256: ZSha256,
});

const ZManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  /** What made the archive and how to read it (for a person looking inside). */
  method: z.string(),
  createdAt: z.iso.datetime(),
  /** `server_version` of the server backed up, e.g. "18.4"; a restore needs the same major version. */
  postgresVersion: z.string().regex(/^\d+(\.\d+)?/),
  /** pg_control's system identifier: which cluster this is a copy of. */
  systemIdentifier: z.string().regex(/^\d+$/),
  timeline: z.number().int().positive(),
  /** pg_backup_start's and pg_backup_stop's LSNs: replay must reach the stop LSN to be consistent. */
  startLsn: z.string(),
  stopLsn: z.string(),
  /** The first and last WAL segment in `data/pg_wal`. */
  startWalFile: z.string().regex(/^[0-9A-F]{24}$/),
  stopWalFile: z.string().regex(/^[0-9A-F]{24}$/),
  label: z.string(),
  directories: z.array(ZArchivePath),
  files: z.array(ZBackupFile),
  /** sha256 of `contentListing(files)`: one value that names the whole content. */
  contentSha256: ZSha256,
});

export type TBackupFile = z.infer<typeof ZBackupFile>;
export type TBackupManifest = z.infer<typeof ZManifest>;

/** The text `contentSha256` hashes: `<sha256>  <path>` lines in path order (the format of `sha256sum`). */
export function contentListing(files: readonly TBackupFile[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => `${file.sha256}  ${file.path}\n`)
    .join("");
}

export function contentSha256(files: readonly TBackupFile[]): string {
  return createHash("sha256").update(contentListing(files)).digest("hex");
}

/** A backup that must not be restored; the message says why. */
export class BackupArchiveError extends Error {
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file} cannot be restored: ${reason}. Nothing was changed.`, options);
    this.name = "BackupArchiveError";
  }
}

/**
 * Writes the archive of `stagingDir` (which holds `data/`) to `file`, mode 0600: first as `<file>.partial`,
 * flushed to disk, then renamed, so that a crash or a full disk never leaves a plausible but incomplete backup
 * under the final name. Returns the archive's own sha256 and size.
 */
export async function writeBackupArchive(options: {
  stagingDir: string;
  manifest: TBackupManifest;
  file: string;
}): Promise<{ sha256: string; bytes: number }> {
  const { stagingDir, manifest, file } = options;
  await writeFile(path.join(stagingDir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o600,
  });
  const partial = `${file}.partial`;
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    // portable: no owner names or ids (the restore sets the owner), so archives do not depend on this machine.
    const pack = createTar({ gzip: true, cwd: stagingDir, portable: true }, [MANIFEST_NAME, DATA_ROOT]);
    const counted = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    };
    await pipeline(pack, counted, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
    await fsyncPath(partial);
    await rename(partial, file);
    await fsyncPath(path.dirname(file));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { sha256: hash.digest("hex"), bytes };
}

async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Reads the whole archive without writing anything and checks it against its manifest: the manifest comes first
 * and is of a format and version this code reads; every entry is a plain file or directory the manifest lists,
 * each file's bytes match its size and sha256, no file is missing or repeated, and the gzip and tar framing is
 * intact (a truncated or altered archive fails here). Returns the manifest.
 */
export function verifyBackupArchive(file: string): Promise<TBackupManifest> {
  return readBackupArchive(file);
}

/**
 * Extracts `data/` into `targetDir` (created; it must not exist yet) in one pass that checks exactly what
 * verifyBackupArchive() checks, on the bytes as they are written: the file may have changed since it was
 * verified. On any error, the caller removes `targetDir`.
 */
export async function extractBackupArchive(file: string, targetDir: string): Promise<TBackupManifest> {
  await mkdir(targetDir, { mode: 0o700 });
  return readBackupArchive(file, targetDir);
}

async function readBackupArchive(file: string, targetDir?: string): Promise<TBackupManifest> {
  let manifest: TBackupManifest | undefined;
  let manifestError: string | undefined;
  const seenFiles = new Map<string, { size: number; sha256: string }>();
  const seenDirectories = new Set<string>();
  const problems: string[] = [];
  const writes: Promise<unknown>[] = [];
  let entries = 0;

  const parser = new Parser({
    strict: true,
    // Our archives hold zero-filled WAL and table files that compress better than tar's default bomb guard
    // allows; the manifest bounds what is read instead (an entry larger than it declares stops the read).
    maxDecompressionRatio: Number.POSITIVE_INFINITY,
  });
  const stop = (reason: string) => {
    problems.push(reason);
    parser.abort(new Error(reason));
  };
  // Archive paths were checked against ZArchivePath (below data/, no . or ..): joining them cannot escape.
  const onDisk = (name: string) => path.join(targetDir ?? "", name.slice(DATA_ROOT.length));

  parser.on("entry", (entry: ReadEntry) => {
    entries++;
    const name = entry.path.replace(/\/+$/, "");
    if (entries === 1) {
      if (name !== MANIFEST_NAME || entry.type !== "File") {
        return stop(`it does not start with ${MANIFEST_NAME}: not a Disclose backup`);
      }
      if (entry.size > MAX_MANIFEST_BYTES) return stop(`its ${MANIFEST_NAME} is implausibly large`);
      const chunks: Buffer[] = [];
      entry.on("data", (chunk: Buffer) => chunks.push(chunk));
      entry.on("end", () => {
        const parsed = parseManifest(Buffer.concat(chunks).toString("utf8"));
        if (typeof parsed === "string") {
          manifestError = parsed;
          parser.abort(new Error(parsed));
        } else {
          manifest = parsed;
        }
      });
      return;
    }
    if (!manifest) return stop(manifestError ?? `${MANIFEST_NAME} could not be read`);
    if (entry.type === "Directory") {
      if (!manifest.directories.includes(name)) {
        return stop(`it holds a directory the manifest does not list: ${name}`);
      }
      seenDirectories.add(name);
      // Synchronously, so that it exists before the next entry (a file in it) is opened; entries come parents
      // first (the archive was written by walking the tree), recursive for any other order.
      if (targetDir && name !== DATA_ROOT) mkdirSync(onDisk(name), { recursive: true, mode: 0o700 });
      entry.resume();
      return;
    }
    if (entry.type !== "File" && entry.type !== "OldFile") {
      return stop(
        `it holds a ${entry.type} entry (${name}); a Disclose backup holds only files and directories`,
      );
    }
    const listed = expectedFiles(manifest).get(name);
    if (!listed) return stop(`it holds a file the manifest does not list: ${name}`);
    if (seenFiles.has(name)) return stop(`it holds ${name} twice`);
    if (entry.size !== listed.size) {
      return stop(`${name} is ${entry.size} bytes in the archive but ${listed.size} in the manifest`);
    }
    const hash = createHash("sha256");
    const out = targetDir ? createWriteStream(onDisk(name), { flags: "wx", mode: 0o600 }) : undefined;
    if (out) {
      writes.push(
        new Promise<void>((resolve, reject) => {
          out.on("close", () => resolve());
          out.on("error", (error) => {
            reject(error);
            parser.abort(error);
          });
        }),
      );
    }
    // One consumer that hashes and writes the same chunks (a second one could miss data the first already took).
    entry.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      if (out && !out.write(chunk)) {
        entry.pause();
        out.once("drain", () => entry.resume());
      }
    });
    entry.on("end", () => {
      seenFiles.set(name, { size: entry.size, sha256: hash.digest("hex") });
      out?.end();
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      const input = createReadStream(file);
      input.on("error", reject);
      parser.on("error", reject);
      parser.on("end", () => resolve());
      input.pipe(parser);
    });
    await Promise.all(writes);
  } catch (error) {
    await Promise.allSettled(writes);
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !problems.length) {
      throw new BackupArchiveError(file, "there is no such file", { cause: error });
    }
    const reason =
      manifestError ??
      problems[0] ??
      `the archive is damaged or truncated (${error instanceof Error ? error.message : String(error)})`;
    throw new BackupArchiveError(file, reason, { cause: error });
  }

  if (!manifest) {
    throw new BackupArchiveError(
      file,
      manifestError ?? `it holds no ${MANIFEST_NAME}: not a Disclose backup`,
    );
  }
  for (const listed of manifest.files) {
    const seen = seenFiles.get(listed.path);
    if (!seen) throw new BackupArchiveError(file, `${listed.path} is missing: the archive is incomplete`);
    if (seen.sha256 !== listed.sha256) {
      throw new BackupArchiveError(
        file,
        `${listed.path} differs from its checksum: the archive was altered or damaged`,
      );
    }
  }
  for (const directory of manifest.directories) {
    if (!seenDirectories.has(directory)) {
      throw new BackupArchiveError(file, `the directory ${directory} is missing: the archive is incomplete`);
    }
  }
  return manifest;
}

/** The manifest, or why it is not one this code can restore. */
function parseManifest(text: string): TBackupManifest | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `its ${MANIFEST_NAME} is not valid JSON: the archive was altered or damaged`;
  }
  const head = z.object({ format: z.unknown(), formatVersion: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== BACKUP_FORMAT) {
    return `its ${MANIFEST_NAME} is not a Disclose backup manifest`;
  }
  if (head.data.formatVersion !== BACKUP_FORMAT_VERSION) {
    return (
      `it is backup format version ${JSON.stringify(head.data.formatVersion)}, and this Disclose reads only ` +
      `version ${BACKUP_FORMAT_VERSION} (restore it with the Disclose version that made it)`
    );
  }
  const parsed = ZManifest.safeParse(json);
  if (!parsed.success) return `its ${MANIFEST_NAME} is invalid: ${z.prettifyError(parsed.error)}`;
  const manifest = parsed.data;
  if (contentSha256(manifest.files) !== manifest.contentSha256) {
    return `its ${MANIFEST_NAME} does not match its own content checksum: the archive was altered or damaged`;
  }
  if (new Set(manifest.files.map((f) => f.path)).size !== manifest.files.length) {
    return `its ${MANIFEST_NAME} lists a file twice`;
  }
  return manifest;
}

const expectedCache = new WeakMap<TBackupManifest, Map<string, TBackupFile>>();
function expectedFiles(manifest: TBackupManifest): Map<string, TBackupFile> {
  let map = expectedCache.get(manifest);
  if (!map) {
    map = new Map(manifest.files.map((f) => [f.path, f]));
    expectedCache.set(manifest, map);
  }
  return map;
}
