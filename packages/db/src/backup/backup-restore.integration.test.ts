// Backups that restore: an embedded cluster of this file's own (durable settings, in a temp dir, loopback only)
// is backed up while writers commit reports, audit events and outbox rows, wiped, and restored from the archive.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { create as createTar, extract as extractTar } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, verifyAuditChain } from "../audit/audit-chain";
import { createDb, type Db, sqlQuery, withSqlTransaction } from "../client";
import {
  createDatabaseIfMissing,
  type EmbeddedServer,
  serverUrl,
  startEmbeddedPostgres,
} from "../embedded/embedded-postgres";
import { freePort } from "../embedded/free-port";
import { runMigrations } from "../migrate/run-migrations";
import { APP_ROLE } from "../roles/app-role";
import { ensureLocalRoles, localRoleUrl, OWNER_ROLE, prepareLocalDatabase } from "../roles/local-roles";
import { BackupArchiveError, MANIFEST_NAME } from "./archive";
import { backupEmbeddedDatabase } from "./embedded-backup";
import { RestoreRefusedError, restoreEmbeddedDatabase } from "./restore";

const DATABASE = "disclose";
const WRITERS = 3;
// Bounds the load whatever happens: writers stop after this many transactions each.
const MAX_TRANSACTIONS_PER_WRITER = 2_000;

let dir: string;
let dataDir: string;
let backupsDir: string;
let port: number;
let server: EmbeddedServer | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "disclose-backup-"));
  // As root the server runs as `postgres`, which must reach the data dir inside this 0700 temp dir.
  await chmod(dir, 0o755);
  dataDir = path.join(dir, "postgres");
  backupsDir = path.join(dir, "backups");
  port = await freePort();
  // Durable, as `pnpm start` runs it: a backup's correctness must not depend on fsync being off.
  server = await startEmbeddedPostgres({ dataDir, port });
  await createDatabaseIfMissing(server.adminUrl, DATABASE);
  await ensureLocalRoles(server.adminUrl);
  await prepareLocalDatabase(server.adminUrl, DATABASE);
  await runMigrations({ databaseUrl: localRoleUrl(serverUrl(port, DATABASE), OWNER_ROLE) });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Committed {
  reportId: string;
  auditSeq: bigint;
  outboxId: string;
}

/** One submission as the app writes it: report, audit event and outbox row in one transaction, as the app role. */
async function submit(db: Db): Promise<Committed> {
  return withSqlTransaction(db, async (sql) => {
    const reportId = randomUUID();
    // ~2 KB of incompressible "ciphertext": the cluster holds a few MB after the run.
    const ciphertext = `-----BEGIN PGP MESSAGE-----\n${randomBytes(1500).toString("base64")}\n-----END PGP MESSAGE-----`;
    await sql.query(
      `INSERT INTO reports (id, ciphertext, encryption, recipient_fingerprints, tracking_secret_hash,
                            reporter_public_key, reporter_locked_private_key)
       VALUES ($1, $2, 'browser', ARRAY['00'], $3, 'public key', 'locked key')`,
      [reportId, ciphertext, randomBytes(32).toString("hex")],
    );
    const { seq } = await appendAuditEvent(sql, {
      actorKind: "reporter",
      action: "report.submitted",
      subjectType: "report",
      subjectId: reportId,
    });
    const outboxId = randomUUID();
    await sql.query(
      "INSERT INTO outbox_messages (id, to_address, subject, text_body) VALUES ($1, 'pst@example.org', $2, 'new')",
      [outboxId, `New report ${reportId}`],
    );
    return { reportId, auditSeq: seq, outboxId };
  });
}

function appDb(): Db {
  return createDb(localRoleUrl(serverUrl(port, DATABASE), APP_ROLE));
}

describe("db:backup and db:restore (embedded PostgreSQL)", () => {
  it("backs up a running cluster under write load; wiped and restored, it holds every report, audit event and outbox row committed before the backup ended, with the audit chain valid", async () => {
    const db = appDb();
    const committed: Committed[] = [];
    try {
      for (let i = 0; i < 300; i++) committed.push(await submit(db));

      let stopping = false;
      const writers = Array.from({ length: WRITERS }, async () => {
        for (let i = 0; i < MAX_TRANSACTIONS_PER_WRITER && !stopping; i++) committed.push(await submit(db));
      });
      let atCopyStart = 0;
      let atWalEnd = 0;
      const started = performance.now();
      const backup = await backupEmbeddedDatabase({
        dataDir,
        port,
        backupsDir,
        // Hold the backup open while the writers commit, so that the copy races real writes.
        onCopyStart: async () => {
          atCopyStart = committed.length;
          await sleep(300);
        },
        onWalEnd: () => {
          atWalEnd = committed.length;
        },
      });
      const backupMs = performance.now() - started;
      await sleep(200); // commits after the backup, which the restore must not have
      stopping = true;
      await Promise.all(writers);

      expect(backup.startedServer).toBe(false);
      expect(atWalEnd - atCopyStart).toBeGreaterThan(10); // the copy really ran under load
      expect(committed.length).toBeGreaterThan(atWalEnd);
      expect((await stat(backup.file)).mode & 0o777).toBe(0o600);
      console.log(
        `backup: ${(backup.dataBytes / 2 ** 20).toFixed(1)} MiB of data and WAL, archive ` +
          `${(backup.bytes / 2 ** 20).toFixed(1)} MiB, ${Math.round(backupMs)} ms (300 ms of it held open by the test); ` +
          `${atWalEnd} submissions committed before its WAL end, ${committed.length - atWalEnd} after`,
      );

      // The disaster: the cluster is stopped and its data directory is gone.
      await db.$disconnect();
      await server?.stop();
      server = undefined;
      await rm(dataDir, { recursive: true, force: true });

      const restoreStarted = performance.now();
      const restored = await restoreEmbeddedDatabase({ file: backup.file, dataDir });
      console.log(`restore: ${Math.round(performance.now() - restoreStarted)} ms`);
      expect(restored.previousDataDir).toBeUndefined();
      expect(restored.auditChain).toMatchObject({ ok: true });
      expect(restored.counts?.reports).toBeGreaterThanOrEqual(atWalEnd);

      server = await startEmbeddedPostgres({ dataDir, port });
      const admin = createDb(serverUrl(port, DATABASE));
      try {
        const expected = committed.slice(0, atWalEnd);
        const found = async (table: string, column: string, cast: string, ids: string[]) =>
          (
            await sqlQuery<{ id: string }>(
              admin,
              `SELECT ${column}::text AS id FROM ${table} WHERE ${column} = ANY($1::${cast}[])`,
              [ids],
            )
          ).length;
        expect(
          await found(
            "reports",
            "id",
            "uuid",
            expected.map((c) => c.reportId),
          ),
        ).toBe(expected.length);
        expect(
          await found(
            "audit_events",
            "seq",
            "bigint",
            expected.map((c) => c.auditSeq.toString()),
          ),
        ).toBe(expected.length);
        expect(
          await found(
            "outbox_messages",
            "id",
            "uuid",
            expected.map((c) => c.outboxId),
          ),
        ).toBe(expected.length);
        // Transactions are restored whole or not at all: no report without its audit event and outbox row.
        const [torn] = await sqlQuery<{ n: number }>(
          admin,
          `SELECT count(*)::int AS n FROM reports r
            WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.subject_id = r.id::text)
               OR NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.subject = 'New report ' || r.id)`,
        );
        expect(torn?.n).toBe(0);
        expect(await verifyAuditChain(admin)).toMatchObject({
          ok: true,
          count: restored.counts?.auditEvents,
        });
        // The restored cluster takes writes again, chained onto the restored head.
        const more = appDb();
        try {
          await submit(more);
        } finally {
          await more.$disconnect();
        }
        expect(await verifyAuditChain(admin)).toMatchObject({ ok: true });
      } finally {
        await admin.$disconnect();
      }
    } finally {
      await db.$disconnect();
    }
  }, 120_000);

  describe("refuses what it must not restore, and changes nothing", () => {
    let good: string;
    let work: string;
    beforeAll(async () => {
      if (!server) server = await startEmbeddedPostgres({ dataDir, port });
      good = (await backupEmbeddedDatabase({ dataDir, port, backupsDir })).file;
      work = path.join(dir, "hostile");
      await mkdir(work, { recursive: true });
    }, 120_000);

    /** Restores `file` into the stopped cluster and expects `error`; the data directory must be as it was. */
    async function expectRefused(file: string, error: new (...args: never[]) => Error, message: RegExp) {
      if (server) {
        await server.stop();
        server = undefined;
      }
      const before = await fingerprint(dataDir);
      const attempt = restoreEmbeddedDatabase({ file, dataDir });
      await expect(attempt).rejects.toThrow(error);
      await expect(attempt).rejects.toThrow(message);
      await expect(attempt).rejects.toThrow(/Nothing was changed/);
      expect(await fingerprint(dataDir)).toBe(before);
      expect((await readdir(dir)).filter((name) => name.startsWith("postgres."))).toEqual([]);
    }

    /**
     * The good archive with `rel` changed (or removed, when `change` gives undefined), packed again in the same
     * order: valid gzip and tar, so that only the manifest's checks can catch it. Unpacked once, edited in place
     * and put back after packing, to keep the test fast.
     */
    let unpacked: string | undefined;
    async function repacked(name: string, rel: string, change: (bytes: Buffer) => Buffer | undefined) {
      if (!unpacked) {
        unpacked = path.join(work, "unpacked");
        await mkdir(unpacked);
        await extractTar({ file: good, cwd: unpacked, maxDecompressionRatio: Number.POSITIVE_INFINITY });
      }
      const target = path.join(unpacked, rel);
      const original = await readFile(target);
      const changed = change(Buffer.from(original));
      if (changed) await writeFile(target, changed);
      else await rm(target);
      const file = path.join(work, `${name}.tar.gz`);
      try {
        await createTar({ gzip: { level: 1 }, cwd: unpacked, portable: true, file }, [MANIFEST_NAME, "data"]);
      } finally {
        await writeFile(target, original);
      }
      return file;
    }
    const editManifest = (edit: (manifest: Record<string, unknown>) => void) => (bytes: Buffer) => {
      const manifest = JSON.parse(bytes.toString("utf8"));
      edit(manifest);
      return Buffer.from(JSON.stringify(manifest));
    };

    it("a truncated archive", async () => {
      const file = path.join(work, "truncated.tar.gz");
      await copyFile(good, file);
      await truncate(file, Math.floor((await stat(file)).size / 2));
      await expectRefused(file, BackupArchiveError, /damaged or truncated/);
    });

    it("a changed byte in the compressed archive", async () => {
      const file = path.join(work, "flipped.tar.gz");
      const bytes = await readFile(good);
      const at = Math.floor(bytes.length * 0.6);
      bytes[at] = (bytes[at] ?? 0) ^ 0x20;
      await writeFile(file, bytes);
      await expectRefused(file, BackupArchiveError, /damaged|altered/);
    });

    it("a data file changed inside an otherwise well-formed archive", async () => {
      const file = await repacked("tampered", "data/postgresql.conf", (bytes) => {
        bytes[0] = "#".charCodeAt(0) === bytes[0] ? " ".charCodeAt(0) : "#".charCodeAt(0);
        return bytes;
      });
      await expectRefused(file, BackupArchiveError, /data\/postgresql\.conf differs from its checksum/);
    });

    it("a file missing from the archive", async () => {
      const file = await repacked("incomplete", "data/PG_VERSION", () => undefined);
      await expectRefused(file, BackupArchiveError, /data\/PG_VERSION is missing/);
    });

    it("an unknown manifest format version", async () => {
      const file = await repacked(
        "version",
        MANIFEST_NAME,
        editManifest((manifest) => {
          manifest.formatVersion = 2;
        }),
      );
      await expectRefused(file, BackupArchiveError, /backup format version 2.*reads only version 1/);
    });

    it("another PostgreSQL major version", async () => {
      const file = await repacked(
        "major",
        MANIFEST_NAME,
        editManifest((manifest) => {
          manifest.postgresVersion = "17.6";
        }),
      );
      await expectRefused(file, BackupArchiveError, /made by PostgreSQL 17\.6/);
    });

    it("a foreign archive", async () => {
      const foreign = path.join(work, "foreign");
      await mkdir(foreign);
      await writeFile(path.join(foreign, "notes.txt"), "not a backup");
      const file = path.join(work, "foreign.tar.gz");
      await createTar({ gzip: true, cwd: foreign, file }, ["notes.txt"]);
      await expectRefused(file, BackupArchiveError, /not a Disclose backup/);
    });

    it("any archive while the cluster is running", async () => {
      server = await startEmbeddedPostgres({ dataDir, port });
      const attempt = restoreEmbeddedDatabase({ file: good, dataDir });
      await expect(attempt).rejects.toThrow(RestoreRefusedError);
      await expect(attempt).rejects.toThrow(/stop `pnpm start`.*first.*Nothing was changed/s);
      expect((await readdir(dir)).filter((name) => name.startsWith("postgres."))).toEqual([]);
      const admin = createDb(serverUrl(port, DATABASE));
      try {
        expect(await verifyAuditChain(admin)).toMatchObject({ ok: true });
      } finally {
        await admin.$disconnect();
      }
    });
  });
});

/** A digest of every path, size and modification time under `root` (the cluster must be stopped). */
async function fingerprint(root: string): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (relative: string): Promise<void> => {
    for (const entry of (await readdir(path.join(root, relative), { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const rel = path.join(relative, entry.name);
      const info = await stat(path.join(root, rel));
      hash.update(`${rel}\0${info.size}\0${info.mtimeMs}\0${info.mode}\n`);
      if (entry.isDirectory()) await walk(rel);
    }
  };
  await walk("");
  return hash.digest("hex");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
