// Issue 12: the team discussion. An internal thread per case for the PST and the Fix Team (never the reporter),

// encrypted in the browser to exactly the case's readers; mentions email who and where, never the content.
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

const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-30T12:00:00Z");
const PASSPHRASE = "engineer passphrase";

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

const api = async (session: TestUserSession | null) => adminCallerAs(db, session, { now });

async function registerKey(session: TestUserSession, name: string): Promise<TLockedKeyPair> {
  const key = await generateTestKey({ name, passphrase: PASSPHRASE });
  await (await api(session)).keys.register({
    armoredPublicKey: key.publicKey,
    lockedPrivateKey: key.lockedPrivateKey,
  });
  return key;
}

/** An accepted case led by PST member 1. */
async function acceptedCase(): Promise<string> {
  const report = await submitTestReport(db, { pstKeys: await listPstKeys({ db, now }), now });
  await db.report.update({
    where: { id: report.reportId },
    data: { state: "accepted", fixLeadId: pst1.userId },
  });
  return report.reportId;
}

/** What the compose box does: encrypt to the keys the list says read the discussion now. */
async function encryptForReaders(session: TestUserSession, reportId: string, text: string): Promise<string> {
  const view = await (await api(session)).teamDiscussion.list({ reportId });
  return encryptText(
    text,
    view.readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
  );
}

async function teamMessageCount(reportId: string): Promise<number> {
  return db.teamMessage.count({ where: { reportId } });
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

  caseA = await acceptedCase();
  caseB = await acceptedCase();
  await (await api(pst1)).cases.setFixTeamMember({ reportId: caseA, userId: fixer.userId, member: true });
  await (await api(pst1)).cases.setFixTeamMember({
    reportId: caseB,
    userId: otherEngineer.userId,
    member: true,
  });
}, 120_000);
afterAll(() => t?.drop());

describe("posting and reading", () => {
  it("a PST member posts with a mention; the Fix Team member reads it; the mention is emailed without content", async () => {
    const secret = "The overflow is in parse_label(); see the fuzz crash.";
    const posted = await (await api(pst1)).teamDiscussion.post({
      reportId: caseA,
      ciphertext: await encryptForReaders(pst1, caseA, secret),
      mentions: [fixer.userId],
    });
    expect(posted.createdAt).toEqual(now);

    const view = await (await api(fixer)).teamDiscussion.list({ reportId: caseA });
    expect(view.mayPost).toBe(true);
    const message = view.messages.find((m) => m.id === posted.messageId);
    expect(message).toMatchObject({
      authorUserId: pst1.userId,
      authorName: "Demo PST Member 1",
      mentions: [{ id: fixer.userId, name: "Demo Fix Team Member" }],
    });
    expect(await decryptTextWithKeys(message?.ciphertext ?? "", fixerKeys)).toBe(secret);
    // Each reader is served only their own session-key packets: the fixer's copy does not open with PST 1's key.
    await expect(decryptTextWithKeys(message?.ciphertext ?? "", pst1Keys)).rejects.toThrow();
    expect(view.readers.map((r) => r.userId)).toEqual(
      expect.arrayContaining([pst1.userId, pst2.userId, fixer.userId]),
    );
    expect(view.readers.map((r) => r.userId)).not.toContain(otherEngineer.userId);

    const mails = await txQuery<{
      to_address: string;
      subject: string;
      text_body: string;
      html_body: string;
    }>(
      db,
      "SELECT to_address, subject, text_body, html_body FROM outbox_messages WHERE subject LIKE '%team discussion%'",
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to_address).toBe("fixer@demo.disclose.test");
    expect(mails[0]?.subject).toBe(
      `Demo PST Member 1 mentioned you in the team discussion of report ${caseA.slice(0, 8)}`,
    );
    expect(mails[0]?.text_body).toContain(`${ADMIN_URL}/reports/${caseA}#team-discussion`);
    for (const body of [mails[0]?.text_body, mails[0]?.html_body]) {
      expect(body).not.toContain("parse_label");
      expect(body).not.toContain("PGP");
    }
  });

  it("audits every read and every post, by ids", async () => {
    await (await api(pst2)).teamDiscussion.list({ reportId: caseA });
    const events = await db.auditEvent.findMany({
      where: { subjectId: caseA, action: { in: ["case.team_messages_read", "case.team_message_posted"] } },
    });
    expect(events.filter((e) => e.action === "case.team_message_posted")).toHaveLength(1);
    expect(events.filter((e) => e.action === "case.team_messages_read").map((e) => e.actorId)).toEqual(
      expect.arrayContaining([fixer.userId, pst2.userId]),
    );
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain("parse_label");
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("serves nothing of the team thread on the reporter's side", async () => {
    const rows = await txQuery<{ n: number }>(
      db,
      "SELECT count(*)::int AS n FROM key_packets WHERE item_kind = 'team-message' AND reader = 'reporter'",
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe("who may take part", () => {
  const callers = () =>
    [
      ["PST member leading the case", pst1, "ok"],
      ["PST member not leading it", pst2, "ok"],
      ["Fix Team member of the case", fixer, "ok"],
      ["Fix Team member of another case", otherEngineer, "NOT_FOUND"],
      ["admin", adminUser, "NOT_FOUND"],
      ["distributor", distributor, "NOT_FOUND"],
      ["signed out", null, "UNAUTHORIZED"],
    ] as const;

  it("lists for the PST and the case's Fix Lead and Fix Team only", async () => {
    for (const [who, session, expected] of callers()) {
      const call = (await api(session)).teamDiscussion.list({ reportId: caseA });
      if (expected === "ok") {
        expect((await call).messages.length, who).toBeGreaterThan(0);
      } else {
        expect((await errorOf(call)).code, who).toBe(expected);
      }
    }
  });

  it("lets the same people post, and nobody else", async () => {
    const ciphertext = await encryptForReaders(pst1, caseA, "Who takes the backport?");
    for (const [who, session, expected] of callers()) {
      const before = await teamMessageCount(caseA);
      const call = (await api(session)).teamDiscussion.post({ reportId: caseA, ciphertext, mentions: [] });
      if (expected === "ok") {
        expect((await call).messageId, who).toBeTruthy();
      } else {
        expect((await errorOf(call)).code, who).toBe(expected);
        expect(await teamMessageCount(caseA), who).toBe(before);
      }
    }
  });

  it("gives a Fix Team member of case A nothing of case B (the same 404 as for no case)", async () => {
    for (const reportId of [caseB, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      expect((await errorOf((await api(fixer)).teamDiscussion.list({ reportId }))).code).toBe("NOT_FOUND");
    }
  });

  it("ends the Fix Team's part when the case closes; the PST keeps it", async () => {
    const closed = await acceptedCase();
    await (await api(pst1)).cases.setFixTeamMember({ reportId: closed, userId: fixer.userId, member: true });
    await db.report.update({ where: { id: closed }, data: { state: "closed" } });
    expect((await errorOf((await api(fixer)).teamDiscussion.list({ reportId: closed }))).code).toMatch(
      /NOT_FOUND|FORBIDDEN/,
    );
    expect((await (await api(pst2)).teamDiscussion.list({ reportId: closed })).messages).toEqual([]);
  });
});

describe("hostile input", () => {
  const outsiderKey = async () =>
    (await generateTestKey({ name: "Outsider", passphrase: PASSPHRASE })).publicKey;

  const CASES: [string, () => Promise<Record<string, unknown>>, string, RegExp][] = [
    [
      "a NUL character",
      async () => ({ ciphertext: "-----BEGIN PGP MESSAGE-----\u0000" }),
      "BAD_REQUEST",
      /./,
    ],
    ["an oversize message", async () => ({ ciphertext: "A".repeat(200_001) }), "BAD_REQUEST", /too long/],
    [
      "bad armor",
      async () => ({
        ciphertext: "-----BEGIN PGP MESSAGE-----\n\nnot base64 at all!\n-----END PGP MESSAGE-----",
      }),
      "BAD_REQUEST",
      /not an encrypted OpenPGP message/,
    ],
    [
      "plain text",
      async () => ({ ciphertext: "hello team" }),
      "BAD_REQUEST",
      /not an encrypted OpenPGP message/,
    ],
    [
      "a message that leaves out a current reader",
      async () => ({
        ciphertext: await encryptText(
          "missing the fixer",
          (await listPstKeys({ db, now })).map((k) => k.armoredPublicKey),
        ),
      }),
      "CONFLICT",
      /not encrypted to everyone who reads this case now/,
    ],
    [
      "a message also encrypted to someone who may not read it",
      async () => {
        const view = await (await api(pst1)).teamDiscussion.list({ reportId: caseA });
        return {
          ciphertext: await encryptText("and to an outsider", [
            ...view.readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
            await outsiderKey(),
          ]),
        };
      },
      "BAD_REQUEST",
      /someone who may not read this team discussion/,
    ],
    [
      "a mention of a Fix Team member of another case",
      async () => ({
        ciphertext: await encryptForReaders(pst1, caseA, "hi"),
        mentions: [otherEngineer.userId],
      }),
      "BAD_REQUEST",
      /Mention 1 is not someone who reads this case/,
    ],
    [
      "a mention of an admin",
      async () => ({ ciphertext: await encryptForReaders(pst1, caseA, "hi"), mentions: [adminUser.userId] }),
      "BAD_REQUEST",
      /not someone who reads this case/,
    ],
    [
      "a mention of nobody",
      async () => ({ ciphertext: await encryptForReaders(pst1, caseA, "hi"), mentions: ["nobody"] }),
      "BAD_REQUEST",
      /not someone who reads this case/,
    ],
    [
      "too many mentions",
      async () => ({
        ciphertext: await encryptForReaders(pst1, caseA, "hi"),
        mentions: Array.from({ length: 21 }, (_, i) => `u${i}`),
      }),
      "BAD_REQUEST",
      /at most 20/,
    ],
  ];

  it.each(CASES)("refuses %s and stores nothing", async (_name, input, code, message) => {
    const before = await teamMessageCount(caseA);
    const mailsBefore = await db.outboxMessage.count();
    const error = await errorOf(
      (await api(pst1)).teamDiscussion.post({ reportId: caseA, mentions: [], ...(await input()) } as never),
    );
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await teamMessageCount(caseA)).toBe(before);
    expect(await db.outboxMessage.count()).toBe(mailsBefore);
  });
});

describe("a newcomer to the Fix Team", () => {
  it("gets the discussion by a grant: the scan lists team messages and completing them serves the newcomer", async () => {
    const secret = "Newcomers should read this too.";
    const { messageId } = await (await api(pst1)).teamDiscussion.post({
      reportId: caseA,
      ciphertext: await encryptForReaders(pst1, caseA, secret),
      mentions: [],
    });
    const newcomer = await userWithSession(db, [], { now });
    const key = await registerKey(newcomer, "Newcomer");
    const newcomerKeys = [await unlockPrivateKey(key.lockedPrivateKey, PASSPHRASE)];
    await (await api(pst1)).cases.setFixTeamMember({
      reportId: caseA,
      userId: newcomer.userId,
      member: true,
    });

    const before = await (await api(newcomer)).teamDiscussion.list({ reportId: caseA });
    expect(before.messages.find((m) => m.id === messageId)?.ciphertext).toBeNull();

    const granter = await api(pst1);
    for (;;) {
      const work = (await granter.grants.work({ limit: 200 })).filter(
        (w) => w.granteeUserId === newcomer.userId,
      );
      if (work.length === 0) break;
      expect(work.flatMap((w) => w.items.map((i) => i.kind))).toContain("team-message");
      const grants = [];
      for (const target of work) grants.push(...(await rewrapGrantTarget(target, pst1Keys)));
      expect((await granter.grants.complete({ grants })).stored).toBeGreaterThan(0);
    }
    const after = await (await api(newcomer)).teamDiscussion.list({ reportId: caseA });
    const message = after.messages.find((m) => m.id === messageId);
    expect(await decryptTextWithKeys(message?.ciphertext ?? "", newcomerKeys)).toBe(secret);
    const access = (await (await api(pst1)).cases.get({ reportId: caseA })).access.find(
      (a) => a.userId === newcomer.userId,
    );
    expect(access).toMatchObject({ status: "ready", missing: 0 });
  });
});
