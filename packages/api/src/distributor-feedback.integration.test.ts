// Issue 13: distributors contribute back. A member of an organisation notified of a case records whether it is

// affected and what its tests found, with details sealed in the browser to exactly the case's team; other
// organisations see nothing of it, the team reads it with their own key packets, the Fix Lead is told by email.
import { randomUUID } from "node:crypto";
import {
  decryptTextWithKeys,
  encryptText,
  rewrapGrantTarget,
  splitAnyMessage,
  unlockPrivateKey,
} from "@disclose/crypto";
import { type Db, verifyAuditChain } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { generateTestKey } from "./test-support/keys";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { loadCaseFacts } from "./use-cases/cases/case-access";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";
import { workspaceReaders } from "./use-cases/workspace/workspace-access";

const now = new Date("2026-12-01T12:00:00Z");
const PASSPHRASE = "engineer passphrase";
const SECRET = "Our build of 1.11 still overflows with the patch on arm64";

type PrivateKey = Awaited<ReturnType<typeof unlockPrivateKey>>;

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst1Keys: PrivateKey[];
let fixer: TestUserSession;
let fixerKeys: PrivateKey[];
let outsider: TestUserSession;
let outsiderKey: string;
let member: TestUserSession;
let colleague: TestUserSession;
let otherOrgMember: TestUserSession;
let notNotifiedMember: TestUserSession;
let orgId: string;
let otherOrgId: string;
let caseA: string;
let caseB: string;
let versionA: string;
let versionB: string;

const api = async (session: TestUserSession | null) => adminCallerAs(db, session, { now });

async function distributorIn(organizationId: string): Promise<TestUserSession> {
  const s = await userWithSession(db, ["DISTRIBUTOR_MEMBER"], { now });
  await db.distributorMembership.create({ data: { userId: s.userId, organizationId } });
  return s;
}

/** An accepted case led by PST member 1 with the fixer on its Fix Team, its case row and one patch version. */
async function caseWithPatch(): Promise<{ reportId: string; versionId: string }> {
  const report = await submitTestReport(db, { pstKeys: await listPstKeys({ db, now }), now });
  await db.report.update({
    where: { id: report.reportId },
    data: { state: "distributors-notified", fixLeadId: pst1.userId },
  });
  await db.caseMember.create({ data: { reportId: report.reportId, userId: fixer.userId } });
  await db.case.create({ data: { id: report.reportId, openedAt: now } });
  const branch = await db.releaseBranch.create({ data: { caseId: report.reportId, name: "release-1.11" } });
  const patch = await db.patch.create({ data: { caseId: report.reportId, branchId: branch.id } });
  const versionId = randomUUID();
  await db.patchVersion.create({
    data: {
      id: versionId,
      patchId: patch.id,
      caseId: report.reportId,
      version: 1,
      ciphertext: Buffer.from("not read here"),
      size: 13,
      uploadedAt: now,
    },
  });
  return { reportId: report.reportId, versionId };
}

/** What the early disclosure does for an organisation: its notification sent, and its copy of a version. */
async function notify(reportId: string, organizationId: string, versionId: string | null): Promise<void> {
  const notificationId = randomUUID();
  await db.distributorNotification.create({
    data: { id: notificationId, caseId: reportId, organizationId, notifiedAt: now },
  });
  if (versionId) {
    await db.distributorCopy.create({
      data: {
        id: randomUUID(),
        notificationId,
        caseId: reportId,
        organizationId,
        patchVersionId: versionId,
        fileName: "0001-fix.ABCDEFGH2345.patch",
        ciphertext: Buffer.from("copy"),
        size: 4,
        createdAt: now,
      },
    });
  }
}

/** The case's team (PST, Fix Lead, Fix Team) with a usable key, as the server computes it. */
async function teamKeys(reportId: string) {
  const facts = await loadCaseFacts(db, reportId);
  if (!facts) throw new Error("no case");
  const readers = await db.$transaction((tx) => workspaceReaders(tx, facts, "distributor-feedback", now));
  return readers.flatMap((r) => (r.key ? [{ userId: r.userId, fingerprint: r.key.fingerprint }] : []));
}

/** What the distributor's browser does: encrypt the details to the keys `recipients` gives. */
async function sealDetails(session: TestUserSession, reportId: string, text: string): Promise<string> {
  const { keys } = await (await api(session)).distributorFeedback.recipients({ reportId });
  return encryptText(
    text,
    keys.map((k) => k.armoredPublicKey),
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  const demo = await getDemoPrivateKeys(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  const own = demo.find((k) => k.email === "pst1@demo.disclose.test");
  pst1Keys = [await unlockPrivateKey(own?.lockedPrivateKey ?? "", own?.passphrase ?? "")];
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  const fixerKey = await generateTestKey({ name: "Fixer", passphrase: PASSPHRASE });
  await (await api(fixer)).keys.register({
    armoredPublicKey: fixerKey.publicKey,
    lockedPrivateKey: fixerKey.lockedPrivateKey,
  });
  fixerKeys = [await unlockPrivateKey(fixerKey.lockedPrivateKey, PASSPHRASE)];
  outsider = await userWithSession(db, [], { now });
  const outsiderPair = await generateTestKey({ name: "Outsider", passphrase: PASSPHRASE });
  outsiderKey = outsiderPair.publicKey;
  await (await api(outsider)).keys.register({
    armoredPublicKey: outsiderPair.publicKey,
    lockedPrivateKey: outsiderPair.lockedPrivateKey,
  });
  orgId = (await db.distributorOrganization.create({ data: { name: "Acme Linux" } })).id;
  otherOrgId = (await db.distributorOrganization.create({ data: { name: "Other Distro" } })).id;
  const lateOrgId = (await db.distributorOrganization.create({ data: { name: "Not Notified" } })).id;
  member = await distributorIn(orgId);
  colleague = await distributorIn(orgId);
  otherOrgMember = await distributorIn(otherOrgId);
  notNotifiedMember = await distributorIn(lateOrgId);
  ({ reportId: caseA, versionId: versionA } = await caseWithPatch());
  ({ reportId: caseB, versionId: versionB } = await caseWithPatch());
  await notify(caseA, orgId, versionA);
  await notify(caseA, otherOrgId, null);
  // Chosen but not notified yet: no access.
  await db.distributorNotification.create({
    data: { id: randomUUID(), caseId: caseA, organizationId: lateOrgId, notifiedAt: null },
  });
  await notify(caseB, otherOrgId, versionB);
}, 120_000);
afterAll(() => t?.drop());

describe("who may give feedback", () => {
  it("gives a notified member the team's keys and the versions their organisation received", async () => {
    const r = await (await api(member)).distributorFeedback.recipients({ reportId: caseA });
    const keys = await teamKeys(caseA);
    expect(r.keys.map((k) => k.fingerprint).sort()).toEqual(keys.map((k) => k.fingerprint).sort());
    expect(keys.some((k) => k.userId === fixer.userId)).toBe(true);
    expect(keys.some((k) => k.userId === outsider.userId)).toBe(false);
    expect(r.patchVersions).toEqual([{ id: versionA, version: 1, fileName: "0001-fix.ABCDEFGH2345.patch" }]);
    expect(r.mayWrite).toBe(true);
    expect(JSON.stringify(r)).not.toContain("pst1@demo");
  });

  it("refuses anyone else, the same way as for a missing case", async () => {
    for (const who of [notNotifiedMember, otherOrgMember]) {
      const e = await errorOf(
        (await api(who)).distributorFeedback.submit({
          // Another id than case B's (the last digit changed, never to the one it had).
          reportId:
            who === otherOrgMember ? `${caseB.slice(0, -1)}${caseB.endsWith("0") ? "1" : "0"}` : caseA,
          status: "affected",
          result: "tested-fine",
        }),
      );
      expect(e.code).toBe("NOT_FOUND");
    }
    // The other organisation is notified of case A but not of case... B is its own; A's copy is not.
    expect(
      (await errorOf((await api(notNotifiedMember)).distributorFeedback.recipients({ reportId: caseB })))
        .code,
    ).toBe("NOT_FOUND");
    for (const staff of [pst1, fixer, outsider]) {
      const e = await errorOf(
        (await api(staff)).distributorFeedback.submit({
          reportId: caseA,
          status: "unknown",
          result: "not-tested",
        }),
      );
      expect(e.code).toBe("FORBIDDEN");
    }
    expect((await errorOf((await api(null)).distributorFeedback.recipients({ reportId: caseA }))).code).toBe(
      "UNAUTHORIZED",
    );
  });
});

describe("submitting", () => {
  it("stores status and result, details sealed to exactly the team, and tells the Fix Lead only that it came", async () => {
    const details = await sealDetails(member, caseA, SECRET);
    const { feedbackId } = await (await api(member)).distributorFeedback.submit({
      reportId: caseA,
      patchVersionId: versionA,
      status: "affected",
      result: "issues-found",
      details,
    });
    const row = await db.distributorFeedback.findUniqueOrThrow({ where: { id: feedbackId } });
    expect(row).toMatchObject({ organizationId: orgId, authorId: member.userId, patchVersionId: versionA });
    const packets = await db.keyPacket.findMany({
      where: { itemKind: "distributor-feedback", itemId: feedbackId },
    });
    expect(new Set(packets.map((p) => p.userId))).toEqual(
      new Set((await teamKeys(caseA)).map((k) => k.userId)),
    );
    const lead = await db.user.findUniqueOrThrow({ where: { id: pst1.userId } });
    const mail = await db.outboxMessage.findFirstOrThrow({
      where: { toAddress: lead.email, subject: { contains: "Distributor feedback arrived" } },
    });
    expect(mail.subject).toContain(caseA.slice(0, 8));
    expect(mail.textBody).not.toContain(SECRET);
    expect(mail.textBody).toContain("Acme Linux");
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { subjectId: caseA, action: "distributor.feedback_submitted" },
    });
    expect(JSON.stringify(audit.data)).not.toContain(SECRET);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('records "nothing found" as tested fine, without details', async () => {
    const { feedbackId } = await (await api(colleague)).distributorFeedback.submit({
      reportId: caseA,
      status: "not-affected",
      result: "tested-fine",
    });
    const row = await db.distributorFeedback.findUniqueOrThrow({ where: { id: feedbackId } });
    expect(row).toMatchObject({ result: "tested-fine", detailsCiphertext: null, patchVersionId: null });
  });

  it("refuses details that leave out a team member (stale) or add anyone else", async () => {
    const { keys } = await (await api(member)).distributorFeedback.recipients({ reportId: caseA });
    const missing = await encryptText(SECRET, [keys[0]?.armoredPublicKey ?? ""]);
    const e1 = await errorOf(
      (await api(member)).distributorFeedback.submit({
        reportId: caseA,
        status: "affected",
        result: "issues-found",
        details: missing,
      }),
    );
    expect(e1.code).toBe("CONFLICT");
    const extra = await encryptText(SECRET, [...keys.map((k) => k.armoredPublicKey), outsiderKey]);
    const e2 = await errorOf(
      (await api(member)).distributorFeedback.submit({
        reportId: caseA,
        status: "affected",
        result: "issues-found",
        details: extra,
      }),
    );
    expect(e2).toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.distributorFeedback.count({ where: { caseId: caseA, status: "affected" } })).toBe(1);
  });

  it("refuses hostile input by field, never with a 500", async () => {
    const base = { reportId: caseA, status: "affected" as const, result: "tested-fine" as const };
    const cases: [unknown, string][] = [
      [{ ...base, status: "pwned" }, "status"],
      [{ ...base, result: "'; DROP TABLE distributor_feedback; --" }, "result"],
      [{ ...base, details: "plain text, not encrypted" }, "details"],
      [{ ...base, details: "x".repeat(300 * 1024) }, "details"],
      [{ ...base, patchVersionId: versionB }, "patchVersionId"],
      [{ ...base, patchVersionId: "not-a-uuid" }, "patchVersionId"],
      [{ ...base, reportId: 42 }, "reportId"],
    ];
    for (const [input, field] of cases) {
      const e = await errorOf(
        (await api(member)).distributorFeedback.submit(
          input as Parameters<Awaited<ReturnType<typeof api>>["distributorFeedback"]["submit"]>[0],
        ),
      );
      expect(["BAD_REQUEST", "PAYLOAD_TOO_LARGE"], `${field}: ${e.message}`).toContain(e.code);
    }
    expect(
      (await errorOf((await api(member)).distributorFeedback.recipients({ reportId: "../../etc" }))).code,
    ).toBe("NOT_FOUND");
  });
});

describe("reading", () => {
  it("shows an organisation its own entries, never the details or another organisation's", async () => {
    const mine = await (await api(colleague)).distributorFeedback.listForOrganization({ reportId: caseA });
    expect(mine.entries.map((e) => e.result).sort()).toEqual(["issues-found", "tested-fine"]);
    expect(JSON.stringify(mine)).not.toContain("BEGIN PGP");
    const theirs = await (await api(otherOrgMember)).distributorFeedback.listForOrganization({
      reportId: caseA,
    });
    expect(theirs.entries).toEqual([]);
    // Notified of the case, so they know it exists: refused, never served the team's view.
    expect(
      (await errorOf((await api(otherOrgMember)).distributorFeedback.listForCase({ reportId: caseA }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (await errorOf((await api(notNotifiedMember)).distributorFeedback.listForCase({ reportId: caseA })))
        .code,
    ).toBe("NOT_FOUND");
  });

  it("serves the team every organisation's feedback, each with only their own key packets", async () => {
    for (const [session, keys] of [
      [pst1, pst1Keys],
      [fixer, fixerKeys],
    ] as const) {
      const { entries } = await (await api(session)).distributorFeedback.listForCase({ reportId: caseA });
      expect(entries).toHaveLength(2);
      const withDetails = entries.find((e) => e.hasDetails);
      expect(withDetails).toMatchObject({
        organizationName: "Acme Linux",
        patchVersion: 1,
        status: "affected",
      });
      const served = withDetails?.details ?? "";
      const split = await splitAnyMessage(served);
      expect(split.keyPackets).toHaveLength(1);
      expect(await decryptTextWithKeys(served, [...keys])).toBe(SECRET);
    }
    expect(
      (await errorOf((await api(outsider)).distributorFeedback.listForCase({ reportId: caseA }))).code,
    ).toBe("NOT_FOUND");
    expect(
      await db.auditEvent.count({ where: { subjectId: caseA, action: "distributor.feedback_read" } }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("gives a newcomer to the Fix Team the details by a grant, as any other item of the case", async () => {
    const newcomer = await userWithSession(db, [], { now });
    const pair = await generateTestKey({ name: "Newcomer", passphrase: PASSPHRASE });
    await (await api(newcomer)).keys.register({
      armoredPublicKey: pair.publicKey,
      lockedPrivateKey: pair.lockedPrivateKey,
    });
    const newcomerKeys = [await unlockPrivateKey(pair.lockedPrivateKey, PASSPHRASE)];
    await (await api(pst1)).cases.setFixTeamMember({
      reportId: caseA,
      userId: newcomer.userId,
      member: true,
    });
    const before = await (await api(newcomer)).distributorFeedback.listForCase({ reportId: caseA });
    expect(before.entries.find((e) => e.hasDetails)?.details).toBeNull();
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
    expect([...kinds]).toContain("distributor-feedback");
    const after = await (await api(newcomer)).distributorFeedback.listForCase({ reportId: caseA });
    expect(
      await decryptTextWithKeys(after.entries.find((e) => e.hasDetails)?.details ?? "", newcomerKeys),
    ).toBe(SECRET);
  });

  it("ends a removed member's access on their next request", async () => {
    await db.distributorMembership.update({
      where: { userId: colleague.userId },
      data: { status: "removed" },
    });
    expect(
      (await errorOf((await api(colleague)).distributorFeedback.listForOrganization({ reportId: caseA })))
        .code,
    ).toBe("NOT_FOUND");
    await db.distributorMembership.update({
      where: { userId: colleague.userId },
      data: { status: "active" },
    });
  });
});
