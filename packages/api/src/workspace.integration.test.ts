// Issue 12: the private fix workspace. The repository, release branches and fix commits (hash, author, link and

// LGTMs are metadata; the title is sealed to exactly the case's readers), "fix ready" under the domain's guard,
// and the case's internal notes (workspace and retrospective), every read and change audited.
import {
  decryptTextWithKeys,
  encryptText,
  rewrapGrantTarget,
  type TLockedKeyPair,
  unlockPrivateKey,
} from "@disclose/crypto";
import { type Db, txQuery, verifyAuditChain } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { generateTestKey } from "./test-support/keys";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const now = new Date("2026-12-01T12:00:00Z");
const PASSPHRASE = "engineer passphrase";
const SECRET_TITLE = "Fix the overflow in parse_label()";

type PrivateKey = Awaited<ReturnType<typeof unlockPrivateKey>>;

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst1Keys: PrivateKey[];
let pst2: TestUserSession;
let fixer: TestUserSession;
let fixerKeys: PrivateKey[];
let otherEngineer: TestUserSession;
let adminUser: TestUserSession;
let distributor: TestUserSession;
let caseA: string;
let caseB: string;
let branchB: string;
let commitB: string;

const api = async (session: TestUserSession | null) => adminCallerAs(db, session, { now });

async function registerKey(session: TestUserSession, name: string): Promise<TLockedKeyPair> {
  const key = await generateTestKey({ name, passphrase: PASSPHRASE });
  await (await api(session)).keys.register({
    armoredPublicKey: key.publicKey,
    lockedPrivateKey: key.lockedPrivateKey,
  });
  return key;
}

/** An accepted case led by PST member 1 (accepted by a fixture: it has no `cases` row yet). */
async function acceptedCase(team: TestUserSession): Promise<string> {
  const report = await submitTestReport(db, { pstKeys: await listPstKeys({ db, now }), now });
  await db.report.update({
    where: { id: report.reportId },
    data: { state: "accepted", fixLeadId: pst1.userId },
  });
  await (await api(pst1)).cases.setFixTeamMember({
    reportId: report.reportId,
    userId: team.userId,
    member: true,
  });
  return report.reportId;
}

/** What the browser does: encrypt to the keys the workspace says read it now. */
async function sealForReaders(session: TestUserSession, reportId: string, text: string): Promise<string> {
  const view = await (await api(session)).workspace.get({ reportId });
  return encryptText(
    text,
    view.readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
  );
}

async function sealNote(session: TestUserSession, reportId: string, text: string): Promise<string> {
  const view = await (await api(session)).workspace.notes({ reportId, topic: "workspace" });
  return encryptText(
    text,
    view.readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
  );
}

const shaOf = (n: number) => `${n.toString(16).padStart(4, "0")}abcdef0123456789abcdef0123456789abcd`;

async function addBranch(reportId: string, name: string): Promise<string> {
  return (await (await api(pst1)).workspace.addBranch({ reportId, name })).branchId;
}

async function addCommit(
  reportId: string,
  branchId: string,
  sha: string,
  author: TestUserSession,
  by: TestUserSession = pst1,
): Promise<string> {
  const { commitId } = await (await api(by)).workspace.addCommit({
    reportId,
    branchId,
    sha,
    authorId: author.userId,
    titleCiphertext: await sealForReaders(by, reportId, SECRET_TITLE),
    url: `https://github.com/example/project-ghsa-xxxx/commit/${sha}`,
  });
  return commitId;
}

async function auditOf(reportId: string, action: string) {
  return db.auditEvent.findMany({ where: { subjectId: reportId, action }, orderBy: { seq: "asc" } });
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  const demo = await getDemoPrivateKeys(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  pst2 = await sessionFor(db, "pst2@demo.disclose.test", { now });
  const own = demo.find((k) => k.email === "pst1@demo.disclose.test");
  pst1Keys = [await unlockPrivateKey(own?.lockedPrivateKey ?? "", own?.passphrase ?? "")];
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  const fixerKey = await registerKey(fixer, "Fixer");
  fixerKeys = [await unlockPrivateKey(fixerKey.lockedPrivateKey, PASSPHRASE)];
  otherEngineer = await userWithSession(db, [], { now });
  await registerKey(otherEngineer, "Other engineer");
  adminUser = await sessionFor(db, "admin@demo.disclose.test", { now });
  distributor = await sessionFor(db, "distributor@demo.disclose.test", { now });

  caseA = await acceptedCase(fixer);
  caseB = await acceptedCase(otherEngineer);
  branchB = await addBranch(caseB, "release-2.0");
  commitB = await addCommit(caseB, branchB, shaOf(0xb), otherEngineer);
}, 120_000);
afterAll(() => t?.drop());

describe("the repository", () => {
  it("is set to an https address, audited, and cleared", async () => {
    const url = "https://github.com/example/project-ghsa-abcd-1234-efgh";
    expect(await (await api(fixer)).workspace.setRepository({ reportId: caseA, repositoryUrl: url })).toEqual(
      { repositoryUrl: url },
    );
    expect((await (await api(pst2)).workspace.get({ reportId: caseA })).repositoryUrl).toBe(url);
    await (await api(pst1)).workspace.setRepository({ reportId: caseA, repositoryUrl: null });
    expect((await (await api(pst1)).workspace.get({ reportId: caseA })).repositoryUrl).toBeNull();
    await (await api(pst1)).workspace.setRepository({ reportId: caseA, repositoryUrl: url });
    const events = await auditOf(caseA, "workspace.repository_set");
    expect(events.map((e) => e.data)).toEqual([
      { from: null, to: url },
      { from: url, to: null },
      { from: null, to: url },
    ]);
    expect(events[0]?.actorId).toBe(fixer.userId);
  });

  it.each([
    ["javascript:", "javascript:alert(1)"],
    ["plain http", "http://github.com/example/fork"],
    ["a data: URL", "data:text/html,<script>alert(1)</script>"],
    ["a token in the address", "https://x-access-token:ghp_secret@github.com/example/fork"],
    ["no address at all", "github.com/example/fork"],
    ["a line break", "https://github.com/example/fork\nEvil: header"],
    ["a bidi override", "https://github.com/\u202eexample"],
    ["more than 500 characters", `https://github.com/${"a".repeat(490)}`],
  ])("refuses %s", async (_name, repositoryUrl) => {
    const error = await errorOf(
      (await api(pst1)).workspace.setRepository({ reportId: caseA, repositoryUrl }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/https:\/\/|at most 500/);
    expect((await db.case.findUnique({ where: { id: caseA } }))?.repositoryUrl).toMatch(/^https:\/\/github/);
  });
});

describe("release branches", () => {
  it("are added once per name and removed only while empty", async () => {
    const id = await addBranch(caseA, "release-1.11");
    expect(
      await errorOf((await api(fixer)).workspace.addBranch({ reportId: caseA, name: "release-1.11" })),
    ).toMatchObject({ code: "CONFLICT", message: 'This case already has a branch named "release-1.11".' });
    // The same name in another case is another branch.
    await addBranch(caseB, "release-1.11");
    const spare = await addBranch(caseA, "stable/v2");
    await (await api(fixer)).workspace.removeBranch({ reportId: caseA, branchId: spare });
    const view = await (await api(pst1)).workspace.get({ reportId: caseA });
    expect(view.branches.map((b) => b.name)).toEqual(["release-1.11"]);
    expect(view.branches[0]).toMatchObject({ id, releaseVersion: null, hasPatch: false, commits: [] });
    expect((await auditOf(caseA, "workspace.branch_added")).map((e) => e.data)).toEqual([
      { branchId: id, name: "release-1.11" },
      { branchId: spare, name: "stable/v2" },
    ]);
    expect(await auditOf(caseA, "workspace.branch_removed")).toHaveLength(1);
  });

  it.each([
    ["a path up", "../etc"],
    ["two dots", "release..1"],
    ["a leading dash (an option to git)", "-f"],
    ["a space", "release 1.11"],
    ["a .lock name", "master.lock"],
    ["a trailing slash", "release/"],
    ["a reflog expression", "master@{1}"],
    ["a NUL", "master\u0000"],
    ["a bidi override", "release\u202e11"],
    ["an empty name", "   "],
    ["101 characters", "r".repeat(101)],
  ])("refuses a branch name with %s", async (_name, name) => {
    const error = await errorOf((await api(pst1)).workspace.addBranch({ reportId: caseA, name }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await db.releaseBranch.count({ where: { caseId: caseA } })).toBe(1);
  });
});

describe("fix commits and LGTMs", () => {
  let branch: string;
  let first: string;
  let second: string;
  const firstSha = "ABCDEF1234567";

  beforeAll(async () => {
    branch = (await (await api(pst1)).workspace.get({ reportId: caseA })).branches[0]?.id ?? "";
    await (await api(pst1)).cases.decide({ reportId: caseA, command: { type: "start-fix" } });
  });

  it("adds a commit with its title sealed to the case's readers; the hash is stored in lower case", async () => {
    first = await addCommit(caseA, branch, firstSha, pst1, fixer);
    const row = await db.fixCommit.findUniqueOrThrow({ where: { id: first } });
    expect(row).toMatchObject({ sha: "abcdef1234567", authorId: pst1.userId, addedById: fixer.userId });
    expect(row.titleCiphertext).not.toContain("parse_label");
    const recipients = await txQuery<{ user_id: string }>(
      db,
      "SELECT user_id FROM key_packets WHERE item_kind = 'fix-commit' AND item_id = $1::uuid",
      [first],
    );
    expect(recipients.map((r) => r.user_id)).toEqual(
      expect.arrayContaining([pst1.userId, pst2.userId, fixer.userId]),
    );
    expect(recipients.map((r) => r.user_id)).not.toContain(otherEngineer.userId);
    const [added] = await auditOf(caseA, "workspace.commit_added");
    expect(added?.data).toMatchObject({ commitId: first, sha: "abcdef1234567", authorId: pst1.userId });
    expect(JSON.stringify(added?.data)).not.toContain("parse_label");
  });

  it("refuses the same commit twice on a branch, whatever the case of its hash", async () => {
    const error = await errorOf(
      (await api(pst1)).workspace.addCommit({
        reportId: caseA,
        branchId: branch,
        sha: firstSha.toLowerCase(),
        authorId: pst1.userId,
        titleCiphertext: await sealForReaders(pst1, caseA, "again"),
      }),
    );
    expect(error).toMatchObject({
      code: "CONFLICT",
      message: "The commit abcdef123456 is already listed on release-1.11.",
    });
  });

  it("serves each reader the title with only their own packets", async () => {
    const mine = (await (await api(fixer)).workspace.get({ reportId: caseA })).branches[0]?.commits[0];
    expect(mine).toMatchObject({
      id: first,
      sha: "abcdef1234567",
      url: "https://github.com/example/project-ghsa-xxxx/commit/ABCDEF1234567",
      author: { id: pst1.userId, name: "Demo PST Member 1" },
      lgtms: [],
      counted: false,
    });
    expect(await decryptTextWithKeys(mine?.title ?? "", fixerKeys)).toBe(SECRET_TITLE);
    await expect(decryptTextWithKeys(mine?.title ?? "", pst1Keys)).rejects.toThrow();
    const theirs = (await (await api(pst1)).workspace.get({ reportId: caseA })).branches[0]?.commits[0];
    expect(await decryptTextWithKeys(theirs?.title ?? "", pst1Keys)).toBe(SECRET_TITLE);
    await expect(decryptTextWithKeys(theirs?.title ?? "", fixerKeys)).rejects.toThrow();
  });

  it("says who may author a commit, and who reads the workspace", async () => {
    const view = await (await api(fixer)).workspace.get({ reportId: caseA });
    const ids = view.maintainers.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([pst1.userId, pst2.userId, fixer.userId]));
    expect(ids).not.toContain(otherEngineer.userId);
    expect(ids).not.toContain(adminUser.userId);
    expect(view.readers.map((r) => r.userId).sort()).toEqual([...ids].sort());
    expect(view.may).toEqual({ edit: true, changeCommits: true, lgtm: true });
  });

  it("audits every read of the titles, by counts", async () => {
    const before = (await auditOf(caseA, "workspace.read")).length;
    await (await api(pst2)).workspace.get({ reportId: caseA });
    const events = await auditOf(caseA, "workspace.read");
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ actorId: pst2.userId, data: { commits: 1, served: 1 } });

    // The case's history lists it among the reads.
    const history = await (await api(pst1)).cases.history({ reportId: caseA, kind: "read" });
    expect(history.events.map((e) => e.label)).toContain("Read the fix workspace (commit titles)");
  });

  it("refuses the author's own LGTM, and counts another maintainer's", async () => {
    const own = await errorOf((await api(pst1)).workspace.lgtm({ reportId: caseA, commitId: first }));
    expect(own).toMatchObject({
      code: "BAD_REQUEST",
      message: "An LGTM must come from a maintainer other than the commit's author.",
    });
    expect(await db.commitLgtm.count({ where: { commitId: first } })).toBe(0);

    // Before any LGTM, the domain's guard refuses "Mark fix ready" and names the commit.
    const early = await (await api(fixer)).workspace.get({ reportId: caseA });
    expect(early.markFixReady).toMatchObject({ allowed: false, applies: true });
    expect(early.markFixReady.reason).toContain("still missing on abcdef123456");

    const { at } = await (await api(fixer)).workspace.lgtm({ reportId: caseA, commitId: first });
    expect(at).toEqual(now);
    // Twice is once.
    await (await api(fixer)).workspace.lgtm({ reportId: caseA, commitId: first });
    const commit = (await (await api(pst1)).workspace.get({ reportId: caseA })).branches[0]?.commits[0];
    expect(commit).toMatchObject({
      counted: true,
      lgtms: [{ userId: fixer.userId, name: "Demo Fix Team Member", at: now }],
    });
    expect(await auditOf(caseA, "workspace.lgtm_given")).toHaveLength(1);
  });

  it("withdraws an LGTM, and the commit no longer counts", async () => {
    await (await api(fixer)).workspace.withdrawLgtm({ reportId: caseA, commitId: first });
    expect(
      (await (await api(pst1)).workspace.get({ reportId: caseA })).branches[0]?.commits[0]?.counted,
    ).toBe(false);
    expect(
      (await errorOf((await api(fixer)).workspace.withdrawLgtm({ reportId: caseA, commitId: first }))).code,
    ).toBe("CONFLICT");
    await (await api(pst2)).workspace.lgtm({ reportId: caseA, commitId: first });
    expect(await auditOf(caseA, "workspace.lgtm_withdrawn")).toHaveLength(1);
  });

  it("keeps a branch with commits", async () => {
    const error = await errorOf(
      (await api(pst1)).workspace.removeBranch({ reportId: caseA, branchId: branch }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/only an empty branch can be removed/);
  });

  it("removes a commit with its LGTMs and its title's key packets", async () => {
    const extra = await addCommit(caseA, branch, "1234567", fixer);
    await (await api(pst1)).workspace.lgtm({ reportId: caseA, commitId: extra });
    await (await api(fixer)).workspace.removeCommit({ reportId: caseA, commitId: extra });
    expect(await db.fixCommit.count({ where: { id: extra } })).toBe(0);
    expect(await db.commitLgtm.count({ where: { commitId: extra } })).toBe(0);
    expect(await db.keyPacket.count({ where: { itemId: extra } })).toBe(0);
    expect((await auditOf(caseA, "workspace.commit_removed")).map((e) => e.data)).toEqual([
      expect.objectContaining({ commitId: extra, sha: "1234567" }),
    ]);
  });

  it("mark fix ready passes the domain's guard through cases.decide once every commit has an LGTM", async () => {
    second = await addCommit(caseA, branch, shaOf(2), fixer);
    const missing = await errorOf(
      (await api(fixer)).cases.decide({ reportId: caseA, command: { type: "mark-fix-ready" } }),
    );
    expect(missing.code).toBe("CONFLICT");
    expect(missing.message).toContain(`still missing on ${shaOf(2).slice(0, 12)}`);
    expect((await db.report.findUniqueOrThrow({ where: { id: caseA } })).state).toBe("fix-in-progress");

    await (await api(pst1)).workspace.lgtm({ reportId: caseA, commitId: second });
    const ready = await (await api(fixer)).workspace.get({ reportId: caseA });
    expect(ready.markFixReady).toEqual({ allowed: true, reason: null, applies: true });
    expect(ready.branches[0]?.commits.every((c) => c.counted)).toBe(true);
    await (await api(fixer)).cases.decide({ reportId: caseA, command: { type: "mark-fix-ready" } });
    expect((await db.report.findUniqueOrThrow({ where: { id: caseA } })).state).toBe("fix-ready");
  });

  it("freezes the fix once it is ready: no commit added or removed, no LGTM withdrawn", async () => {
    const view = await (await api(fixer)).workspace.get({ reportId: caseA });
    expect(view.may).toEqual({ edit: true, changeCommits: false, lgtm: true });
    expect(view.markFixReady.applies).toBe(false);
    for (const call of [
      async () => (await api(fixer)).workspace.removeCommit({ reportId: caseA, commitId: second }),
      async () => (await api(pst1)).workspace.withdrawLgtm({ reportId: caseA, commitId: second }),
      async () => addCommit(caseA, branch, shaOf(3), fixer),
    ]) {
      const error = await errorOf(call());
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toMatch(/The fix is marked ready/);
    }
    expect(await db.fixCommit.count({ where: { caseId: caseA } })).toBe(2);
  });
});

describe("hostile commits", () => {
  let reportId: string;
  let branch: string;
  const outsiderKey = async () =>
    (await generateTestKey({ name: "Outsider", passphrase: PASSPHRASE })).publicKey;

  beforeAll(async () => {
    reportId = await acceptedCase(fixer);
    branch = await addBranch(reportId, "master");
  });

  const CASES: [string, () => Promise<Record<string, unknown>>, string, RegExp][] = [
    ["a short hash", async () => ({ sha: "abc123" }), "BAD_REQUEST", /at least 7 hex digits/],
    ["a non-hex hash", async () => ({ sha: "abcdefg123" }), "BAD_REQUEST", /only hex digits/],
    ["a hash with a space", async () => ({ sha: "abc def1234" }), "BAD_REQUEST", /only hex digits/],
    ["a 65-digit hash", async () => ({ sha: "a".repeat(65) }), "BAD_REQUEST", /at most 64/],
    ["a javascript: link", async () => ({ url: "javascript:alert(1)" }), "BAD_REQUEST", /https:\/\//],
    ["an http: link", async () => ({ url: "http://github.com/x/y/commit/1" }), "BAD_REQUEST", /https:\/\//],
    [
      "a plain-text title",
      async () => ({ titleCiphertext: "Fix the overflow" }),
      "BAD_REQUEST",
      /not an encrypted OpenPGP message/,
    ],
    [
      "bad armor",
      async () => ({
        titleCiphertext: "-----BEGIN PGP MESSAGE-----\n\nnot base64!\n-----END PGP MESSAGE-----",
      }),
      "BAD_REQUEST",
      /not an encrypted OpenPGP message/,
    ],
    [
      "an oversize title",
      async () => ({ titleCiphertext: `-----BEGIN PGP MESSAGE-----\n${"A".repeat(70_000)}` }),
      "BAD_REQUEST",
      /too long/,
    ],
    [
      // 65,536 characters as sent; stored with its final line break it would be one byte over the column's limit.
      "a title at the limit without a final line break",
      async () => ({ titleCiphertext: `-----BEGIN PGP MESSAGE-----\n${"A".repeat(65_536 - 28)}` }),
      "PAYLOAD_TOO_LARGE",
      /too long/,
    ],
    [
      "a title that leaves out a reader (the Fix Team member)",
      async () => ({
        titleCiphertext: await encryptText(
          "t",
          (await listPstKeys({ db, now })).map((k) => k.armoredPublicKey),
        ),
      }),
      "CONFLICT",
      /not encrypted to everyone who reads this case now/,
    ],
    [
      "a title also encrypted to an outsider",
      async () => {
        const view = await (await api(pst1)).workspace.get({ reportId });
        return {
          titleCiphertext: await encryptText("t", [
            ...view.readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
            await outsiderKey(),
          ]),
        };
      },
      "BAD_REQUEST",
      /someone who may not read/,
    ],
    [
      "an author who is not a maintainer of the case",
      async () => ({ authorId: otherEngineer.userId }),
      "BAD_REQUEST",
      /author must be a maintainer/,
    ],
    [
      "an admin as author",
      async () => ({ authorId: adminUser.userId }),
      "BAD_REQUEST",
      /author must be a maintainer/,
    ],
    ["another case's branch", async () => ({ branchId: branchB }), "NOT_FOUND", /no such release branch/],
    [
      "a branch id that is no uuid",
      async () => ({ branchId: "1 OR 1=1" }),
      "NOT_FOUND",
      /no such release branch/,
    ],
  ];

  it.each(CASES)("refuses %s and stores nothing", async (_name, input, code, message) => {
    const base = {
      reportId,
      branchId: branch,
      sha: "0123456789abcdef",
      authorId: pst1.userId,
      titleCiphertext: await sealForReaders(pst1, reportId, "A title"),
    };
    const error = await errorOf(
      (await api(pst1)).workspace.addCommit({ ...base, ...(await input()) } as never),
    );
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await db.fixCommit.count({ where: { caseId: reportId } })).toBe(0);
    expect(await db.keyPacket.count({ where: { reportId, itemKind: "fix-commit" } })).toBe(0);
  });

  it("answers NOT_FOUND for another case's commit or branch, and changes nothing there", async () => {
    const client = (await api(pst1)).workspace;
    const calls = [
      () => client.lgtm({ reportId, commitId: commitB }),
      () => client.withdrawLgtm({ reportId, commitId: commitB }),
      () => client.removeCommit({ reportId, commitId: commitB }),
      () => client.removeBranch({ reportId, branchId: branchB }),
      () => client.lgtm({ reportId, commitId: "not-a-uuid" }),
    ];
    for (const call of calls) expect((await errorOf(call())).code).toBe("NOT_FOUND");
    expect(await db.fixCommit.count({ where: { id: commitB } })).toBe(1);
    expect(await db.commitLgtm.count({ where: { commitId: commitB } })).toBe(0);
    expect(await db.releaseBranch.count({ where: { id: branchB } })).toBe(1);
  });
});

describe("notes", () => {
  it("are posted sealed to the readers, served with each reader's own packets, and audited", async () => {
    const secret = "Backport needs the 1.10 allocator too.";
    const { noteId } = await (await api(fixer)).workspace.postNote({
      reportId: caseA,
      topic: "workspace",
      ciphertext: await sealNote(fixer, caseA, secret),
    });
    const view = await (await api(pst2)).workspace.notes({ reportId: caseA, topic: "workspace" });
    expect(view.mayPost).toBe(true);
    const note = view.notes.find((n) => n.id === noteId);
    expect(note).toMatchObject({
      authorUserId: fixer.userId,
      authorName: "Demo Fix Team Member",
      createdAt: now,
    });
    await expect(decryptTextWithKeys(note?.ciphertext ?? "", fixerKeys)).rejects.toThrow();
    const mine = (
      await (await api(fixer)).workspace.notes({ reportId: caseA, topic: "workspace" })
    ).notes.find((n) => n.id === noteId);
    expect(await decryptTextWithKeys(mine?.ciphertext ?? "", fixerKeys)).toBe(secret);
    // Retrospective notes are another thread.
    expect(
      (await (await api(pst1)).workspace.notes({ reportId: caseA, topic: "retrospective" })).notes,
    ).toEqual([]);
    const reads = await auditOf(caseA, "workspace.notes_read");
    expect(reads.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        { topic: "workspace", notes: 1, served: 1 },
        { topic: "retrospective", notes: 0, served: 0 },
      ]),
    );
    expect(reads.map((e) => e.actorId)).toEqual(expect.arrayContaining([pst2.userId, fixer.userId]));
    const posted = await auditOf(caseA, "workspace.note_posted");
    expect(posted[0]?.data).toMatchObject({ noteId, topic: "workspace" });
    expect(JSON.stringify(posted.map((e) => e.data))).not.toContain("allocator");
  });

  it("takes the retrospective only once the case is released", async () => {
    const view = await (await api(pst1)).workspace.notes({ reportId: caseA, topic: "retrospective" });
    expect(view).toMatchObject({
      mayPost: false,
      postRefusal: "The retrospective is written once the case is released.",
    });
    const error = await errorOf(
      (await api(pst1)).workspace.postNote({
        reportId: caseA,
        topic: "retrospective",
        ciphertext: await sealNote(pst1, caseA, "Too early"),
      }),
    );
    expect(error).toMatchObject({
      code: "CONFLICT",
      message: "The retrospective is written once the case is released.",
    });
    const released = await acceptedCase(fixer);
    await db.report.update({ where: { id: released }, data: { state: "released" } });
    const { noteId } = await (await api(fixer)).workspace.postNote({
      reportId: released,
      topic: "retrospective",
      ciphertext: await sealNote(fixer, released, "What went well"),
    });
    const retro = await (await api(pst2)).workspace.notes({ reportId: released, topic: "retrospective" });
    expect(retro.notes.map((n) => n.id)).toEqual([noteId]);
    // A released case's workspace is a record.
    const frozen = await errorOf(
      (await api(pst1)).workspace.addBranch({ reportId: released, name: "release-9" }),
    );
    expect(frozen).toMatchObject({ code: "CONFLICT" });
    expect((await (await api(pst1)).workspace.get({ reportId: released })).may.edit).toBe(false);
  });

  it.each([
    ["plain text", "hello", "BAD_REQUEST", /not an encrypted OpenPGP message/],
    ["a NUL", "-----BEGIN PGP MESSAGE-----\u0000", "BAD_REQUEST", /./],
    ["an oversize note", "A".repeat(256 * 1024 + 1), "BAD_REQUEST", /too long/],
  ])("refuses a note of %s", async (_name, ciphertext, code, message) => {
    const before = await db.caseNote.count();
    const error = await errorOf(
      (await api(pst1)).workspace.postNote({ reportId: caseA, topic: "workspace", ciphertext }),
    );
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await db.caseNote.count()).toBe(before);
  });

  it("refuses a note that leaves out a reader, and an unknown topic", async () => {
    const stale = await errorOf(
      (await api(pst1)).workspace.postNote({
        reportId: caseA,
        topic: "workspace",
        ciphertext: await encryptText(
          "no fixer",
          (await listPstKeys({ db, now })).map((k) => k.armoredPublicKey),
        ),
      }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect(
      (await errorOf((await api(pst1)).workspace.notes({ reportId: caseA, topic: "advisory" } as never)))
        .code,
    ).toBe("BAD_REQUEST");
  });
});

describe("a newcomer to the Fix Team", () => {
  it("gets the commit titles and notes by a grant, then reads them", async () => {
    const newcomer = await userWithSession(db, [], { now });
    const key = await registerKey(newcomer, "Newcomer");
    const newcomerKeys = [await unlockPrivateKey(key.lockedPrivateKey, PASSPHRASE)];
    await (await api(pst1)).cases.setFixTeamMember({
      reportId: caseA,
      userId: newcomer.userId,
      member: true,
    });

    const before = await (await api(newcomer)).workspace.get({ reportId: caseA });
    expect(before.branches[0]?.commits.map((c) => c.title)).toEqual([null, null]);
    expect(before.readers.map((r) => r.userId)).toContain(newcomer.userId);
    expect(
      (await (await api(newcomer)).workspace.notes({ reportId: caseA, topic: "workspace" })).notes[0]
        ?.ciphertext,
    ).toBeNull();

    const granter = await api(pst1);
    const kinds = new Set<string>();
    for (;;) {
      const work = (await granter.grants.work({ limit: 200 })).filter(
        (w) => w.granteeUserId === newcomer.userId,
      );
      if (work.length === 0) break;
      for (const w of work) for (const i of w.items) kinds.add(i.kind);
      const grants = [];
      for (const target of work) grants.push(...(await rewrapGrantTarget(target, pst1Keys)));
      expect((await granter.grants.complete({ grants })).stored).toBeGreaterThan(0);
    }
    expect([...kinds]).toEqual(expect.arrayContaining(["fix-commit", "note"]));

    const after = await (await api(newcomer)).workspace.get({ reportId: caseA });
    for (const commit of after.branches[0]?.commits ?? []) {
      expect(await decryptTextWithKeys(commit.title ?? "", newcomerKeys)).toBe(SECRET_TITLE);
    }
    const note = (await (await api(newcomer)).workspace.notes({ reportId: caseA, topic: "workspace" }))
      .notes[0];
    expect(await decryptTextWithKeys(note?.ciphertext ?? "", newcomerKeys)).toBe(
      "Backport needs the 1.10 allocator too.",
    );
    await (await api(pst1)).cases.setFixTeamMember({
      reportId: caseA,
      userId: newcomer.userId,
      member: false,
    });
    expect((await errorOf((await api(newcomer)).workspace.get({ reportId: caseA }))).code).toBe("NOT_FOUND");
  });
});

describe("who may use the workspace", () => {
  const callers = () =>
    [
      ["Fix Team member of another case", otherEngineer, "NOT_FOUND"],
      ["admin", adminUser, "NOT_FOUND"],
      ["distributor", distributor, "NOT_FOUND"],
      ["signed out", null, "UNAUTHORIZED"],
    ] as const;

  it("gives a Fix Team member of case B, an admin and a distributor a 404 for everything of case A", async () => {
    const view = await (await api(pst1)).workspace.get({ reportId: caseA });
    const branch = view.branches[0]?.id ?? "";
    const commit = view.branches[0]?.commits[0]?.id ?? "";
    const title = await sealForReaders(pst1, caseA, "x");
    for (const [who, session, expected] of callers()) {
      const client = (await api(session)).workspace;
      const calls: [string, () => Promise<unknown>][] = [
        ["get", () => client.get({ reportId: caseA })],
        ["notes", () => client.notes({ reportId: caseA, topic: "workspace" })],
        ["postNote", () => client.postNote({ reportId: caseA, topic: "workspace", ciphertext: title })],
        ["setRepository", () => client.setRepository({ reportId: caseA, repositoryUrl: null })],
        ["addBranch", () => client.addBranch({ reportId: caseA, name: "intruder" })],
        ["removeBranch", () => client.removeBranch({ reportId: caseA, branchId: branch })],
        [
          "addCommit",
          () =>
            client.addCommit({
              reportId: caseA,
              branchId: branch,
              sha: "fedcba9876543",
              authorId: pst1.userId,
              titleCiphertext: title,
            }),
        ],
        ["removeCommit", () => client.removeCommit({ reportId: caseA, commitId: commit })],
        ["lgtm", () => client.lgtm({ reportId: caseA, commitId: commit })],
        ["withdrawLgtm", () => client.withdrawLgtm({ reportId: caseA, commitId: commit })],
      ];
      for (const [name, call] of calls) {
        expect((await errorOf(call())).code, `${who}: ${name}`).toBe(expected);
      }
    }
    expect((await db.case.findUniqueOrThrow({ where: { id: caseA } })).repositoryUrl).not.toBeNull();
    expect(await db.releaseBranch.count({ where: { caseId: caseA, name: "intruder" } })).toBe(0);
  });

  it("has no workspace for a report still in triage", async () => {
    const report = await submitTestReport(db, { pstKeys: await listPstKeys({ db, now }), now });
    await db.report.update({ where: { id: report.reportId }, data: { state: "triage" } });
    expect((await errorOf((await api(pst1)).workspace.get({ reportId: report.reportId }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("keeps the audit chain whole", async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
