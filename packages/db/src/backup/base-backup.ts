// An online physical backup of the embedded cluster through PostgreSQL's low-level base-backup API
// ("Making a Base Backup Using the Low Level API" in the PostgreSQL manual). The embedded package ships no
// pg_dump or pg_basebackup, and Debian's pg_dump (15) refuses a newer server, so we do what pg_basebackup does
// with plain SQL and file copies:
//   1. a temporary physical replication slot, reserved at once, keeps every WAL segment from before the
//      backup's checkpoint until we have copied it (nothing else would stop a checkpoint recycling it);
//   2. pg_backup_start(label, fast) on one session: an immediate checkpoint, full-page writes forced on, so
//      that replaying the WAL from that checkpoint repairs any page we copy half-written;
//   3. a copy of the data directory while the server keeps writing, minus what the manual says to leave out;
//   4. pg_backup_stop() on the same session: its labelfile becomes backup_label in the copy (it tells
//      recovery where to start and that it must replay to the backup's end before the copy is consistent);
//   5. pg_switch_wal(), then the WAL segments from the start segment to the one just completed, into
//      pg_wal of the copy: with backup_label, starting PostgreSQL on the copy replays them (crash recovery)
//      and the copy holds every transaction committed before step 5.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  contentSha256,
  DATA_ROOT,
  type TBackupFile,
  type TBackupManifest,
  writeBackupArchive,
} from "./archive";

export interface BaseBackupOptions {
  /** A superuser's URL of the running server (pg_backup_start, slots and pg_switch_wal need one). */
  adminUrl: string;
  /** The server's data directory, as this process reaches it (checked against the server's own). */
  dataDir: string;
  /** The archive to write; its folder is created (0700) if missing. */
  file: string;
  /** Called once in backup mode, before the copy (tests hold the copy open here while they write). */
  onCopyStart?: () => void | Promise<void>;
  /**
   * Called just before the backup fixes the end of the WAL it keeps: every transaction committed before this
   * call is in the backup, and none that commits after pg_switch_wal() returns.
   */
  onWalEnd?: () => void | Promise<void>;
}

export interface BaseBackupResult {
  file: string;
  /** Size of the archive in bytes. */
  bytes: number;
  /** sha256 of the archive file itself (to compare copies of it). */
  sha256: string;
  manifest: TBackupManifest;
  /** Bytes of data-directory files and WAL in the archive, before compression. */
  dataBytes: number;
}

// Left out as the manual says (or as pg_basebackup does): regenerated at startup, belonging to the running
// server only, or in the way of the copy's own backup_label.
const SKIPPED_TOP_LEVEL_FILES = new Set([
  "postmaster.pid",
  "postmaster.opts",
  "backup_label",
  "backup_label.old",
  "tablespace_map",
  "backup_manifest",
  "postgresql.auto.conf.tmp",
  "current_logfiles.tmp",
]);
// Kept as empty directories: their contents are rebuilt at startup (pg_wal gets exactly the WAL the backup
// needs, pg_replslot no slots: a copied slot would hold WAL back forever on the restored cluster).
const EMPTIED_DIRECTORIES = new Set([
  "pg_wal",
  "pg_replslot",
  "pg_dynshmem",
  "pg_notify",
  "pg_serial",
  "pg_snapshots",
  "pg_stat_tmp",
  "pg_subtrans",
]);
const PG_CONTROL = "global/pg_control";
const WAL_SEGMENT = /^[0-9A-F]{24}$/;
const TIMELINE_HISTORY = /^[0-9A-F]{8}\.history$/;

function skipped(relative: string, name: string): boolean {
  if (!relative.includes("/") && SKIPPED_TOP_LEVEL_FILES.has(name)) return true;
  // Temporary files and directories, relation-cache files that are always rebuilt, temporary relations.
  if (name.startsWith("pgsql_tmp") || name === "pg_internal.init") return true;
  return relative.startsWith("base/") && /^t\d+_\d+/.test(name);
}

/** Takes an online base backup of a running cluster into one archive (see the top of this file). */
export async function takeBaseBackup(options: BaseBackupOptions): Promise<BaseBackupResult> {
  if (existsSync(options.file)) throw new Error(`${options.file} already exists: choose another file`);
  const client = new pg.Client({ connectionString: options.adminUrl, application_name: "disclose backup" });
  await client.connect();
  // A backup in progress is aborted when its session ends; an error here must not leave one hanging.
  client.on("error", () => {});
  const outDir = path.dirname(path.resolve(options.file));
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(path.join(outDir, ".backup-staging-"));
  try {
    const server = await describeServer(client);
    if ((await realpath(server.dataDirectory)) !== (await realpath(options.dataDir))) {
      throw new Error(
        `The server on ${redactUrl(options.adminUrl)} keeps its data in ${server.dataDirectory}, not ${options.dataDir}`,
      );
    }
    const slot = `disclose_backup_${process.pid}_${randomBytes(4).toString("hex")}`;
    // Temporary: dropped with the session even if we crash, so it can never pin WAL for good.
    await client.query("SELECT pg_create_physical_replication_slot($1, true, true)", [slot]);
    const label = `disclose ${new Date().toISOString()}`;
    const started = await client.query<{ lsn: string }>("SELECT pg_backup_start($1, true)::text AS lsn", [
      label,
    ]);
    const startLsn = started.rows[0]!.lsn;
    await options.onCopyStart?.();

    const target = path.join(staging, DATA_ROOT);
    const files: TBackupFile[] = [];
    const directories: string[] = [];
    await mkdir(target, { mode: 0o700 });
    directories.push(DATA_ROOT);
    await copyTree(options.dataDir, target, "", files, directories);
    for (const rel of ["pg_wal/archive_status", "pg_wal/summaries"]) {
      await mkdir(path.join(target, rel), { recursive: true, mode: 0o700 });
      directories.push(`${DATA_ROOT}/${rel}`);
    }
    // pg_control last, and read until two reads agree: a read racing the server's rewrite could be torn.
    files.push(await copyStableFile(path.join(options.dataDir, PG_CONTROL), path.join(target, PG_CONTROL)));

    // wait_for_archive false: nothing archives WAL here; we copy what the backup needs ourselves below.
    const stopped = await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
      "SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)",
    );
    const { lsn: stopLsn, labelfile, spcmapfile } = stopped.rows[0]!;
    if (spcmapfile?.trim()) {
      throw new Error(
        "The cluster has tablespaces outside its data directory, which this backup does not copy",
      );
    }
    files.push(await writeCopyFile(target, "backup_label", labelfile));

    await options.onWalEnd?.();
    // Completes the segment being written, so every segment we copy is whole and flushed. pg_switch_wal()
    // returns the end of the completed segment's last record, or the start of the current segment when nothing
    // was written since the last switch; one byte back is in the last segment we need either way.
    const switched = await client.query<{ file: string }>(
      "SELECT pg_walfile_name(pg_switch_wal() - 1) AS file",
    );
    const { startWalFile, timeline } = parseLabel(labelfile);
    const stopWalFile = switched.rows[0]!.file;
    await copyWal(
      options.dataDir,
      target,
      { startWalFile, stopWalFile, segmentSize: server.walSegmentSize },
      files,
    );
    await client.query("SELECT pg_drop_replication_slot($1)", [slot]);

    const manifest: TBackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      method:
        "PostgreSQL low-level base backup (pg_backup_start/pg_backup_stop) with the WAL it needs in data/pg_wal; " +
        "restore with `pnpm db:restore <file>`, or extract data/ and start PostgreSQL of the same major version on it",
      createdAt: new Date().toISOString(),
      postgresVersion: server.version,
      systemIdentifier: server.systemIdentifier,
      timeline,
      startLsn,
      stopLsn,
      startWalFile,
      stopWalFile,
      label,
      directories,
      files,
      contentSha256: contentSha256(files),
    };
    const written = await writeBackupArchive({ stagingDir: staging, manifest, file: options.file });
    return {
      file: options.file,
      ...written,
      manifest,
      dataBytes: files.reduce((sum, file) => sum + file.size, 0),
    };
  } finally {
    await client.end().catch(() => {});
    await rm(staging, { recursive: true, force: true });
  }
}

interface ServerFacts {
  version: string;
  systemIdentifier: string;
  dataDirectory: string;
  walSegmentSize: number;
}

async function describeServer(client: pg.Client): Promise<ServerFacts> {
  const { rows } = await client.query<{
    version: string;
    system_identifier: string;
    data_directory: string;
    wal_segment_size: string;
    wal_level: string;
    in_recovery: boolean;
  }>(
    `SELECT current_setting('server_version') AS version,
            (SELECT system_identifier::text FROM pg_control_system()) AS system_identifier,
            current_setting('data_directory') AS data_directory,
            (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size') AS wal_segment_size,
            current_setting('wal_level') AS wal_level,
            pg_is_in_recovery() AS in_recovery`,
  );
  const row = rows[0]!;
  if (row.wal_level === "minimal") {
    throw new Error(
      "wal_level is minimal: an online backup needs wal_level = replica (PostgreSQL's default)",
    );
  }
  if (row.in_recovery) throw new Error("The server is a standby or still recovering: back up the primary");
  return {
    version: row.version.split(" ")[0]!,
    systemIdentifier: row.system_identifier,
    dataDirectory: row.data_directory,
    walSegmentSize: Number(row.wal_segment_size),
  };
}

/** Copies `source/relative` into `target/relative`, tolerating files that vanish while we walk. */
async function copyTree(
  source: string,
  target: string,
  relative: string,
  files: TBackupFile[],
  directories: string[],
): Promise<void> {
  const entries = await readdir(path.join(source, relative), { withFileTypes: true }).catch(ignoreMissing);
  if (!entries) return;
  for (const entry of entries) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (rel === PG_CONTROL || skipped(rel, entry.name)) continue;
    if (entry.isSymbolicLink()) {
      // pg_tblspc/<oid> links to a tablespace elsewhere; a linked pg_wal keeps WAL elsewhere.
      throw new Error(
        `${path.join(source, rel)} is a symbolic link (a tablespace or a moved pg_wal): this backup copies ` +
          "only a self-contained data directory",
      );
    }
    if (entry.isDirectory()) {
      await mkdir(path.join(target, rel), { mode: 0o700 });
      directories.push(`${DATA_ROOT}/${rel}`);
      if (!(relative === "" && EMPTIED_DIRECTORIES.has(entry.name))) {
        await copyTree(source, target, rel, files, directories);
      }
    } else if (entry.isFile()) {
      const copied = await copyLiveFile(path.join(source, rel), path.join(target, rel), rel);
      if (copied) files.push(copied);
    }
  }
}

/**
 * Copies a file the server may be writing, extending or truncating meanwhile (WAL replay fixes what we read),
 * hashing what was written. Undefined when the file vanished first (dropped: replay will not need it).
 */
async function copyLiveFile(from: string, to: string, rel: string): Promise<TBackupFile | undefined> {
  const hash = createHash("sha256");
  let size = 0;
  try {
    await pipeline(
      createReadStream(from),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(to, { flags: "wx", mode: 0o600 }),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await rm(to, { force: true });
    return undefined;
  }
  return { path: `${DATA_ROOT}/${rel}`, size, sha256: hash.digest("hex") };
}

async function copyStableFile(from: string, to: string): Promise<TBackupFile> {
  let previous = await readFile(from);
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await readFile(from);
    if (current.equals(previous)) break;
    previous = current;
  }
  await writeFile(to, previous, { flag: "wx", mode: 0o600 });
  return fileEntry(PG_CONTROL, previous);
}

async function writeCopyFile(target: string, rel: string, content: string): Promise<TBackupFile> {
  const bytes = Buffer.from(content, "utf8");
  await writeFile(path.join(target, rel), bytes, { flag: "wx", mode: 0o600 });
  return fileEntry(rel, bytes);
}

function fileEntry(rel: string, bytes: Buffer): TBackupFile {
  return {
    path: `${DATA_ROOT}/${rel}`,
    size: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

/** backup_label's start segment and timeline ("START WAL LOCATION: 0/2000028 (file 0000000100…02)"). */
function parseLabel(labelfile: string): { startWalFile: string; timeline: number } {
  const startWalFile = /^START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)$/m.exec(labelfile)?.[1];
  const timeline = /^START TIMELINE: (\d+)$/m.exec(labelfile)?.[1];
  if (!startWalFile || !timeline)
    throw new Error(`Unexpected backup_label from pg_backup_stop:\n${labelfile}`);
  return { startWalFile, timeline: Number(timeline) };
}

/** Segment number of a WAL file name (timeline, log id, segment within the log id). */
function segmentNumber(name: string, segmentSize: number): bigint {
  const perLogId = 0x1_0000_0000n / BigInt(segmentSize);
  return BigInt(`0x${name.slice(8, 16)}`) * perLogId + BigInt(`0x${name.slice(16, 24)}`);
}

/**
 * Copies every WAL segment from the backup's start to `stopWalFile` (all held by the slot, all complete once
 * pg_switch_wal() returned) and the timeline history files, and fails if one is missing.
 */
async function copyWal(
  dataDir: string,
  target: string,
  range: { startWalFile: string; stopWalFile: string; segmentSize: number },
  files: TBackupFile[],
): Promise<void> {
  const { startWalFile, stopWalFile, segmentSize } = range;
  const timeline = startWalFile.slice(0, 8);
  const first = segmentNumber(startWalFile, segmentSize);
  const last = segmentNumber(stopWalFile, segmentSize);
  const names = await readdir(path.join(dataDir, "pg_wal"));
  const wanted = names
    .filter((name) => WAL_SEGMENT.test(name) && name.slice(0, 8) === timeline)
    .filter((name) => {
      const number = segmentNumber(name, segmentSize);
      return number >= first && number <= last;
    })
    .sort();
  if (BigInt(wanted.length) !== last - first + 1n) {
    throw new Error(
      `WAL from ${startWalFile} to ${stopWalFile} is incomplete in ${path.join(dataDir, "pg_wal")} ` +
        `(found ${wanted.length} of ${last - first + 1n} segments)`,
    );
  }
  for (const name of [...wanted, ...names.filter((n) => TIMELINE_HISTORY.test(n))]) {
    const rel = `pg_wal/${name}`;
    const copied = await copyLiveFile(path.join(dataDir, rel), path.join(target, rel), rel);
    if (!copied) throw new Error(`WAL file ${rel} vanished while the backup's slot held it`);
    files.push(copied);
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): undefined {
  if (error.code === "ENOENT") return undefined;
  throw error;
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
