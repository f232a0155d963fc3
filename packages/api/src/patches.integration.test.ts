// Issue 12: patches per release branch. A `git format-patch` file encrypted in the browser to exactly the case's

// readers, versioned (every version kept), named <CVE or case id>_v<release>.patch, read back with the reader's own
// session-key packets only, and — the "done when" — downloaded, decrypted with gpg and applied with git am.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  decryptBytesWithKeys,
  encryptBytes,
  encryptText,
  type TLockedKeyPair,
  unlockPrivateKey,
} from "@disclose/crypto";
import { type Db, txQuery, verifyAuditChain } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPatchDownloadHandler } from "./http/patch-download-route";
import { createTrpcRouteHandler, maxBodyBytesOf } from "./http/trpc-route-handler";
import { adminRouter } from "./root";
import { adminCallerAs } from "./test-support/admin-caller";
import { startGnuPG } from "./test-support/gnupg";
import { generateTestKey } from "./test-support/keys";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";
import { MAX_PATCH_CIPHERTEXT_BYTES } from "./use-cases/patches/patch-access";

const run = promisify(execFile);
const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-30T12:00:00Z");
const PASSPHRASE = "engineer passphrase";

type PrivateKey = Awaited<ReturnType<typeof unlockPrivateKey>>;

let t: TestDatabase;
let db: Db;
let dir: string;
let pst1: TestUserSession;
let pst1Keys: PrivateKey[];
let pst2: TestUserSession;
let fixer: TestUserSession;
let fixerKey: TLockedKeyPair;
let fixerKeys: PrivateKey[];
let otherEngineer: TestUserSession;
let otherEngineerKey: TLockedKeyPair;
let adminUser: TestUserSession;
let distributor: TestUserSession;
let caseA: string;
let caseB: string;
let branchA: string;
let branchB: string;

const api = async (session: TestUserSession | null) => adminCallerAs(db, session, { now });

// On the test's clock: its sessions were made at `now`, and would have expired by the wall clock.
const download = createPatchDownloadHandler({ appUrl: ADMIN_URL, db: () => db, now: () => now });
const downloadAs = (
  session: TestUserSession | null,
  versionId: string,
  options: { query?: string; headers?: Record<string, string> } = {},
) =>
  download(
    new Request(`${ADMIN_URL}/api/patches/${encodeURIComponent(versionId)}${options.query ?? ""}`, {
      headers: {
        "sec-fetch-site": "same-origin",
        ...(session ? { cookie: session.cookie } : {}),
        ...options.headers,
      },
    }),
    versionId,
  );

async function registerKey(session: TestUserSession, name: string): Promise<TLockedKeyPair> {
  const key = await generateTestKey({ name, passphrase: PASSPHRASE });
  await (await api(session)).keys.register({
    armoredPublicKey: key.publicKey,
    lockedPrivateKey: key.lockedPrivateKey,
  });
  return key;
}

/** An accepted case led by PST member 1, with its `cases` row. */
async function acceptedCase(): Promise<string> {
  const report = await submitTestReport(db, { pstKeys: await listPstKeys({ db, now }), now });
  await db.report.update({
    where: { id: report.reportId },
    data: { state: "accepted", fixLeadId: pst1.userId },
  });
  await db.case.create({ data: { id: report.reportId } });
  return report.reportId;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** What the upload form does: encrypt the file to the keys the list names, and to no other. */
async function encryptForReaders(
  session: TestUserSession,
  reportId: string,
  file: Uint8Array,
): Promise<string> {
  const list = await (await api(session)).patches.list({ reportId });
  return b64(
    await encryptBytes(
      file,
      list.readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
    ),
  );
}

async function upload(session: TestUserSession, reportId: string, branchId: string, file: Uint8Array) {
  return (await api(session)).patches.upload({
    reportId,
    branchId,
    ciphertext: await encryptForReaders(session, reportId, file),
  });
}

const auditOf = (action: string, reportId: string) =>
  db.auditEvent.findMany({ where: { action, subjectId: reportId }, orderBy: { seq: "asc" } });

// No user or system git configuration: the test sees the same git everywhere.
const gitEnv = () => ({
  ...process.env,
  HOME: dir,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Jürgen Müller",
  GIT_AUTHOR_EMAIL: "jurgen@example.test",
  GIT_AUTHOR_DATE: "2026-11-30T14:05:00+01:00",
  GIT_COMMITTER_NAME: "Release Bot",
  GIT_COMMITTER_EMAIL: "bot@example.test",
});
async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", ["-c", "init.defaultBranch=main", ...args], {
    cwd,
    env: gitEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}

const SAMPLE_PATCH = new TextEncoder().encode(
  [
    "From 3f786850e387550fdab836ed7e6dc881de23001b Mon Sep 17 00:00:00 2001",
    "From: Ada Lovelace <ada@example.test>",
    "Date: Mon, 30 Nov 2026 14:05:00 +0100",
    "Subject: [PATCH] Bound the header length",
    "",
    "---",
    " src/parse.c | 1 +",
    " 1 file changed, 1 insertion(+)",
    "",
    "diff --git a/src/parse.c b/src/parse.c",
    "index 1111111..2222222 100644",
    "--- a/src/parse.c",
    "+++ b/src/parse.c",
    "@@ -1,2 +1,3 @@",
    " int parse(void)",
    "+  if (len > MAX) return -1;",
    " {",
    "-- ",
    "2.43.0",
    "",
  ].join("\n"),
);

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  dir = await mkdtemp(join(tmpdir(), "disclose-api-patches-"));
  await installJobQueue(t.url);
  await seedDemo(db);
  const demo = await getDemoPrivateKeys(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  pst2 = await sessionFor(db, "pst2@demo.disclose.test", { now });
  const own = demo.find((k) => k.email === "pst1@demo.disclose.test");
  pst1Keys = [await unlockPrivateKey(own?.lockedPrivateKey ?? "", own?.passphrase ?? "")];
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  fixerKey = await registerKey(fixer, "Fixer");
  fixerKeys = [await unlockPrivateKey(fixerKey.lockedPrivateKey, PASSPHRASE)];
  otherEngineer = await userWithSession(db, [], { now });
  otherEngineerKey = await registerKey(otherEngineer, "Other engineer");
  adminUser = await sessionFor(db, "admin@demo.disclose.test", { now });
  distributor = await sessionFor(db, "distributor@demo.disclose.test", { now });

  caseA = await acceptedCase();
  caseB = await acceptedCase();
  await (await api(pst1)).cases.setFixTeamMember({ reportId: caseA, userId: fixer.userId, member: true });
  await (await api(pst1)).cases.setFixTeamMember({
    reportId: caseB,
    userId: otherEngineer.userId,
    member: true,
  });
  branchA = (await db.releaseBranch.create({ data: { caseId: caseA, name: "release-1.11" } })).id;
  branchB = (await db.releaseBranch.create({ data: { caseId: caseB, name: "release-1.11" } })).id;
}, 120_000);
afterAll(async () => {
  await t?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("patches.list", () => {
  it("names each branch's patch once its release version is set, from the CVE when there is one", async () => {
    const caseId = await acceptedCase();
    const branch = await db.releaseBranch.create({ data: { caseId, name: "release-2.0" } });
    const list = async () => (await (await api(pst1)).patches.list({ reportId: caseId })).branches;

    expect(await list()).toEqual([
      {
        id: branch.id,
        name: "release-2.0",
        releaseVersion: null,
        fileName: null,
        fileNameMissing: "Set the release version of release-2.0 first.",
        versions: [],
      },
    ]);
    // Uploading does not wait for the version.
    const first = await upload(pst1, caseId, branch.id, SAMPLE_PATCH);
    expect(first.version).toBe(1);

    await db.releaseBranch.update({ where: { id: branch.id }, data: { releaseVersion: "v2.0.1" } });
    expect((await list())[0]?.fileName).toBe(`case-${caseId.slice(0, 8)}_v2.0.1.patch`);

    // The CVE arrives: the same patch is renamed.
    await db.vulnerability.create({ data: { caseId, position: 0 } });
    await db.vulnerability.create({ data: { caseId, position: 1, cveId: "CVE-2026-41234" } });
    expect((await list())[0]).toMatchObject({
      fileName: "CVE-2026-41234_v2.0.1.patch",
      fileNameMissing: null,
    });
  });

  it("gives the readers to encrypt to (the PST, the Fix Lead and this case's Fix Team) and what the caller may do", async () => {
    const view = await (await api(fixer)).patches.list({ reportId: caseA });
    const readers = view.readers.map((r) => r.userId);
    expect(readers).toEqual(expect.arrayContaining([pst1.userId, pst2.userId, fixer.userId]));
    expect(readers).not.toContain(otherEngineer.userId);
    expect(readers).not.toContain(adminUser.userId);
    expect(view.readers.find((r) => r.userId === fixer.userId)?.key?.armoredPublicKey).toBe(
      fixerKey.publicKey,
    );
    expect(view).toMatchObject({
      mayUpload: true,
      maxCiphertextBytes: 10 * 1024 * 1024,
      branches: [{ id: branchA, name: "release-1.11" }],
    });
    expect(view.maxPlaintextBytes).toBeLessThan(view.maxCiphertextBytes);
  });

  it("an accepted report without branches lists none; a closed case's PST may look but no longer upload", async () => {
    const caseId = await acceptedCase();
    expect((await (await api(pst2)).patches.list({ reportId: caseId })).branches).toEqual([]);
    await db.report.update({ where: { id: caseId }, data: { state: "closed" } });
    expect((await (await api(pst2)).patches.list({ reportId: caseId })).mayUpload).toBe(false);
  });
});

describe("patches.upload", () => {
  it("keeps every version, numbered, newest first; audits version and size, never content", async () => {
    const caseId = await acceptedCase();
    await (await api(pst1)).cases.setFixTeamMember({ reportId: caseId, userId: fixer.userId, member: true });
    const branch = await db.releaseBranch.create({ data: { caseId, name: "main" } });
    const v1 = await upload(fixer, caseId, branch.id, SAMPLE_PATCH);
    const v2 = await upload(pst1, caseId, branch.id, SAMPLE_PATCH);
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2.patchId).toBe(v1.patchId);
    expect(v1.uploadedAt).toEqual(now);

    const [listed] = (await (await api(fixer)).patches.list({ reportId: caseId })).branches;
    expect(listed?.versions).toEqual([
      {
        id: v2.versionId,
        version: 2,
        size: v2.size,
        uploadedByName: "Demo PST Member 1",
        uploadedAt: now,
      },
      {
        id: v1.versionId,
        version: 1,
        size: v1.size,
        uploadedByName: "Demo Fix Team Member",
        uploadedAt: now,
      },
    ]);
    expect(await db.patchVersion.count({ where: { patchId: v1.patchId } })).toBe(2);

    const events = await auditOf("patch.uploaded", caseId);
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ versionId: v1.versionId, version: 1, size: v1.size, branchId: branch.id }),
      expect.objectContaining({ versionId: v2.versionId, version: 2, size: v2.size, branchId: branch.id }),
    ]);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain("Bound the header length");
    expect(events[0]?.actorId).toBe(fixer.userId);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("uploads at the same moment to one branch take distinct versions", async () => {
    const caseId = await acceptedCase();
    const branch = await db.releaseBranch.create({ data: { caseId, name: "concurrent" } });
    const ciphertexts = await Promise.all([1, 2, 3].map(() => encryptForReaders(pst1, caseId, SAMPLE_PATCH)));
    const results = await Promise.all(
      ciphertexts.map(async (ciphertext) =>
        (await api(pst1)).patches.upload({ reportId: caseId, branchId: branch.id, ciphertext }),
      ),
    );
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3]);
    expect(new Set(results.map((r) => r.patchId)).size).toBe(1);
  });

  it("stores one key_packets row per reader key, and serves each reader only their own", async () => {
    const done = await upload(pst1, caseA, branchA, SAMPLE_PATCH);
    const rows = await txQuery<{ user_id: string }>(
      db,
      "SELECT user_id FROM key_packets WHERE item_kind = 'patch' AND item_id = $1::uuid",
      [done.versionId],
    );
    expect(rows.map((r) => r.user_id)).toEqual(expect.arrayContaining([pst1.userId, fixer.userId]));
    expect(rows.map((r) => r.user_id)).not.toContain(otherEngineer.userId);

    const mine = await (await api(fixer)).patches.read({ versionId: done.versionId });
    const bytes = Buffer.from(mine.ciphertext, "base64");
    expect(Buffer.from(await decryptBytesWithKeys(bytes, fixerKeys)).equals(Buffer.from(SAMPLE_PATCH))).toBe(
      true,
    );
    // The fixer's copy holds no other reader's session key.
    await expect(decryptBytesWithKeys(bytes, pst1Keys)).rejects.toThrow();
    const theirs = await (await api(pst1)).patches.read({ versionId: done.versionId });
    expect(
      Buffer.from(await decryptBytesWithKeys(Buffer.from(theirs.ciphertext, "base64"), pst1Keys)).equals(
        Buffer.from(SAMPLE_PATCH),
      ),
    ).toBe(true);
  });
});

describe("hostile uploads", () => {
  const storedVersions = () => db.patchVersion.count({ where: { caseId: caseA } });

  it.each([
    ["random bytes", () => b64(new Uint8Array(256).fill(7))],
    ["the plaintext patch itself", () => b64(SAMPLE_PATCH)],
    [
      "an armored message sent as bytes",
      async () => b64(new TextEncoder().encode(await encryptText("x", [fixerKey.publicKey]))),
    ],
    ["an OpenPGP packet that is not an encrypted message", () => b64(new Uint8Array([0xc6, 0x01, 0x00]))],
  ])("refuses %s as not an encrypted OpenPGP message", async (_label, make) => {
    const count = await storedVersions();
    const error = await errorOf(
      (await api(pst1)).patches.upload({ reportId: caseA, branchId: branchA, ciphertext: await make() }),
    );
    expect(error).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/not an encrypted OpenPGP message/),
    });
    expect(await storedVersions()).toBe(count);
  });

  it.each([
    ["not base64", "not base64!"],
    ["control characters", "AAAA\u0000AAA"],
    ["a length that is not base64", "AAAAA"],
    ["empty", ""],
  ])("refuses a ciphertext that is %s", async (_label, ciphertext) => {
    const error = await errorOf(
      (await api(pst1)).patches.upload({ reportId: caseA, branchId: branchA, ciphertext }),
    );
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("refuses a patch encrypted to only some of the readers (the browser re-encrypts to the keys of now)", async () => {
    const count = await storedVersions();
    const error = await errorOf(
      (await api(fixer)).patches.upload({
        reportId: caseA,
        branchId: branchA,
        ciphertext: b64(await encryptBytes(SAMPLE_PATCH, [fixerKey.publicKey])),
      }),
    );
    expect(error).toMatchObject({ code: "CONFLICT", appCode: "STALE_RECIPIENT_KEYS" });
    expect(await storedVersions()).toBe(count);
  });

  it("refuses a patch also encrypted to someone who may not read it", async () => {
    const list = await (await api(pst1)).patches.list({ reportId: caseA });
    const error = await errorOf(
      (await api(pst1)).patches.upload({
        reportId: caseA,
        branchId: branchA,
        ciphertext: b64(
          await encryptBytes(SAMPLE_PATCH, [
            ...list.readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
            otherEngineerKey.publicKey,
          ]),
        ),
      }),
    );
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/may not read/) });
  });

  it("refuses oversize patches: 413 past 10 MiB decoded, a bounded field, and the HTTP body limit", async () => {
    const over = new Uint8Array(MAX_PATCH_CIPHERTEXT_BYTES + 1).fill(0x41);
    const error = await errorOf(
      (await api(pst1)).patches.upload({ reportId: caseA, branchId: branchA, ciphertext: b64(over) }),
    );
    expect(error).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(/at most 10 MB/),
    });
    const huge = "A".repeat(16 * 1024 * 1024);
    expect(
      (
        await errorOf(
          (await api(pst1)).patches.upload({ reportId: caseA, branchId: branchA, ciphertext: huge }),
        )
      ).code,
    ).toBe("BAD_REQUEST");

    const limit = maxBodyBytesOf(adminRouter, "patches.upload");
    expect(limit).toBeGreaterThan((MAX_PATCH_CIPHERTEXT_BYTES * 4) / 3);
    expect(limit).toBeLessThan(15 * 1024 * 1024);
    const handler = createTrpcRouteHandler({ app: "admin", appUrl: ADMIN_URL, db: () => db });
    const response = await handler(
      new Request(`${ADMIN_URL}/api/trpc/patches.upload`, {
        method: "POST",
        headers: {
          origin: ADMIN_URL,
          cookie: pst1.cookie,
          "content-type": "application/json",
          "content-length": String(limit + 1),
        },
        body: "x".repeat(limit + 1),
      }),
    );
    expect(response.status).toBe(413);
  });

  it("another case's branch, a branch id that is no id, and a stranger's upload are NOT_FOUND", async () => {
    const ciphertext = await encryptForReaders(pst1, caseA, SAMPLE_PATCH);
    for (const [session, reportId, branchId] of [
      [pst1, caseA, branchB],
      [pst1, caseA, "not-a-uuid"],
      [pst1, caseA, "00000000-0000-4000-8000-000000000000"],
      [otherEngineer, caseA, branchA],
      [otherEngineer, caseB, branchA],
      [distributor, caseA, branchA],
      [adminUser, caseA, branchA],
    ] as const) {
      const error = await errorOf((await api(session)).patches.upload({ reportId, branchId, ciphertext }));
      expect(error.code, `${session.email} ${reportId} ${branchId}`).toBe("NOT_FOUND");
    }
  });

  it("a PST member may not upload to a closed case", async () => {
    const caseId = await acceptedCase();
    const branch = await db.releaseBranch.create({ data: { caseId, name: "old" } });
    const ciphertext = await encryptForReaders(pst1, caseId, SAMPLE_PATCH);
    await db.report.update({ where: { id: caseId }, data: { state: "closed" } });
    const error = await errorOf(
      (await api(pst1)).patches.upload({ reportId: caseId, branchId: branch.id, ciphertext }),
    );
    expect(error.code).toBe("CONFLICT");
  });
});

describe("reading a patch", () => {
  let versionA: string;
  beforeAll(async () => {
    versionA = (await upload(pst1, caseA, branchA, SAMPLE_PATCH)).versionId;
  });

  it("every read is audited, by view and by download", async () => {
    const reads = async () => (await auditOf("patch.read", caseA)).length;
    const start = await reads();
    await (await api(fixer)).patches.read({ versionId: versionA, reportId: caseA });
    expect((await downloadAs(fixer, versionA, { query: `?case=${caseA}` })).status).toBe(200);
    const events = (await auditOf("patch.read", caseA)).slice(start);
    expect(events.map((e) => [e.actorId, (e.data as { via: string }).via])).toEqual([
      [fixer.userId, "view"],
      [fixer.userId, "download"],
    ]);
    expect(events[0]?.data).toMatchObject({ versionId: versionA });
    expect(await reads()).toBe(start + 2);
  });

  it("a Fix Team member of case B gets NOT_FOUND (404) for everything of case A's patches", async () => {
    const them = await api(otherEngineer);
    expect((await errorOf(them.patches.list({ reportId: caseA }))).code).toBe("NOT_FOUND");
    expect((await errorOf(them.patches.read({ versionId: versionA }))).code).toBe("NOT_FOUND");
    expect((await errorOf(them.patches.read({ versionId: versionA, reportId: caseB }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await downloadAs(otherEngineer, versionA)).status).toBe(404);
    expect((await downloadAs(otherEngineer, versionA, { query: `?case=${caseB}` })).status).toBe(404);
    // Nor does the PST's admin or a distributor see it.
    expect((await errorOf((await api(adminUser)).patches.read({ versionId: versionA }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await downloadAs(distributor, versionA)).status).toBe(404);
  });

  it("a version asked for under another case, unknown or malformed is NOT_FOUND", async () => {
    const us = await api(pst1);
    for (const input of [
      { versionId: versionA, reportId: caseB },
      { versionId: "00000000-0000-4000-8000-000000000000" },
      { versionId: "../../etc/passwd" },
    ]) {
      expect((await errorOf(us.patches.read(input))).code, JSON.stringify(input)).toBe("NOT_FOUND");
    }
    // A NUL is refused as bad input before anything is looked up, as everywhere.
    expect((await errorOf(us.patches.read({ versionId: `${versionA}\u0000` }))).code).toBe("BAD_REQUEST");
    expect((await downloadAs(pst1, versionA, { query: `?case=${caseB}` })).status).toBe(404);
    expect((await downloadAs(pst1, "nope")).status).toBe(404);
    expect((await downloadAs(pst1, "x".repeat(10_000))).status).toBe(404);
  });

  it("a reader whose key was not granted the version yet is told so; the download is a 404", async () => {
    const newcomer = await userWithSession(db, ["PST_MEMBER"], { now });
    await registerKey(newcomer, "New PST member");
    const error = await errorOf((await api(newcomer)).patches.read({ versionId: versionA }));
    expect(error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/not been granted/) });
    expect((await downloadAs(newcomer, versionA)).status).toBe(404);
  });

  it("the download refuses a signed-out browser, a session before its second factor and other sites' requests", async () => {
    expect((await downloadAs(null, versionA)).status).toBe(401);
    const halfway = await sessionFor(db, "pst2@demo.disclose.test", { now, secondFactor: false });
    expect((await downloadAs(halfway, versionA)).status).toBe(401);
    for (const headers of [
      { "sec-fetch-site": "cross-site", origin: ADMIN_URL },
      { "sec-fetch-site": "same-site", origin: "http://localhost:3000" },
      { "sec-fetch-site": "same-origin", origin: "https://evil.example" },
    ]) {
      expect((await downloadAs(pst1, versionA, { headers })).status, JSON.stringify(headers)).toBe(403);
    }
    // Typed into the address bar or saved as a bookmark: no Sec-Fetch-Site of another site.
    expect((await downloadAs(pst1, versionA, { headers: { "sec-fetch-site": "none" } })).status).toBe(200);
  });
});

describe("done when: a downloaded patch decrypts with gpg and applies with git am", () => {
  it("git format-patch → encrypted upload → patches.read and the download route → gpg --decrypt → git am", async () => {
    const caseId = await acceptedCase();
    await (await api(pst1)).cases.setFixTeamMember({ reportId: caseId, userId: fixer.userId, member: true });
    const branch = await db.releaseBranch.create({
      data: { caseId, name: "release-1.11", releaseVersion: "1.11.2" },
    });
    await db.vulnerability.create({ data: { caseId, position: 0, cveId: "CVE-2026-51234" } });

    // The project's repository and the fix, as the Fix Team makes it.
    const origin = join(dir, "origin");
    await mkdir(join(origin, "src"), { recursive: true });
    await git(dir, ["init", "-q", origin]);
    await writeFile(
      join(origin, "src/parse.c"),
      "int parse(const char *in)\n{\n  len = hdr->len;\n  return len;\n}\n",
    );
    await writeFile(join(origin, "README"), "Project\n");
    await git(origin, ["add", "-A"]);
    await git(origin, ["commit", "-q", "-m", "Initial import"]);
    const base = await git(origin, ["rev-parse", "HEAD"]);
    await writeFile(
      join(origin, "src/parse.c"),
      "int parse(const char *in)\n{\n  if (hdr->len > MAX) return -1;\n  len = hdr->len;\n  return len;\n}\n",
    );
    await writeFile(join(origin, "NOTICE"), "Überprüft ✓ — no newline at the end");
    await git(origin, ["add", "-A"]);
    await git(origin, [
      "commit",
      "-q",
      "-m",
      "Bound the header length before use\n\nA crafted header overflowed.",
    ]);
    const tree = await git(origin, ["rev-parse", "HEAD^{tree}"]);
    const patchPath = await git(origin, ["format-patch", "-1", "-o", join(dir, "out")]);
    const file = new Uint8Array(await readFile(patchPath));

    // The PST uploads it, encrypted to every reader of the case (the fixer among them).
    const uploaded = await upload(pst1, caseId, branch.id, file);
    const stored = await db.patchVersion.findUniqueOrThrow({ where: { id: uploaded.versionId } });
    expect(Buffer.from(stored.ciphertext).includes("hdr->len")).toBe(false);

    // The fixer's copy, through the procedure and through the download route.
    const read = await (await api(fixer)).patches.read({ versionId: uploaded.versionId, reportId: caseId });
    expect(read).toMatchObject({ fileName: "CVE-2026-51234_v1.11.2.patch", version: 1, current: true });
    const response = await downloadAs(fixer, uploaded.versionId, { query: `?case=${caseId}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pgp-encrypted");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="CVE-2026-51234_v1.11.2.patch.gpg"',
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const downloaded = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(downloaded).equals(Buffer.from(read.ciphertext, "base64"))).toBe(true);

    // Only the fixer's private key in a fresh GnuPG home: their packets alone open it.
    const gnupg = await startGnuPG([{ lockedPrivateKey: fixerKey.lockedPrivateKey, passphrase: PASSPHRASE }]);
    try {
      const decrypted = await gnupg.decrypt(downloaded);
      expect(decrypted.equals(Buffer.from(file))).toBe(true);
      const patchFile = join(dir, "CVE-2026-51234_v1.11.2.patch");
      await writeFile(patchFile, decrypted);

      const clone = join(dir, "clone");
      await git(dir, ["clone", "-q", origin, clone]);
      await git(clone, ["checkout", "-q", "-B", "fix", base]);
      await git(clone, ["am", "-q", patchFile]);
      expect(await git(clone, ["rev-parse", "HEAD^{tree}"])).toBe(tree);
      expect(await git(clone, ["log", "-1", "--format=%an <%ae>%n%s"])).toBe(
        "Jürgen Müller <jurgen@example.test>\nBound the header length before use",
      );
    } finally {
      await gnupg.close();
    }
    // PST member 1's copy does not open with the fixer's key: each reader gets their own packets only.
    const pstCopy = Buffer.from(
      (await (await api(pst1)).patches.read({ versionId: uploaded.versionId })).ciphertext,
      "base64",
    );
    await expect(decryptBytesWithKeys(pstCopy, fixerKeys)).rejects.toThrow();
  }, 60_000);
});
