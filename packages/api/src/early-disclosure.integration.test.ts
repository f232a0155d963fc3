// Issue 13: early disclosure. The Fix Lead sets the terms and time and chooses organisations; the browser makes

// each organisation's marked copy encrypted to exactly its keys; the server checks that, notifies (email with
// no detail) and moves the case on once everyone is notified. Distributors see only their organisation's copies,
// only once notified, and nothing after removal; every download is recorded per person.
import { randomUUID } from "node:crypto";
import { decryptBytesWithLockedKey, encryptBytes } from "@disclose/crypto";
import { type Db, verifyAuditChain } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { findCopyMark, markedFileName, markPatch } from "@disclose/domain";
import { installJobQueue } from "@disclose/email";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { adminCallerAs } from "./test-support/admin-caller";
import { generateTestKey } from "./test-support/keys";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf as codeOf } from "./test-support/trpc-errors";
import { sendDueReminders } from "./use-cases/alerts/send-due-reminders";
import { loadOrganizationRecipients } from "./use-cases/early-disclosure/disclosure-access";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

// Monday noon UTC; the disclosure nine days later, a Wednesday afternoon.
const now = new Date("2026-11-30T12:00:00Z");
const DAY = 24 * 3_600_000;
const disclosureAt = new Date("2026-12-09T15:00:00Z");
const PASSPHRASE = "distributor passphrase";
const SECRET_PATCH = [
  `From ${"a".repeat(40)} Mon Sep 17 00:00:00 2001`,
  "From: Fixer <fixer@example.test>",
  "Subject: [PATCH] Bounds check in the resolver",
  "",
  "---",
  " resolver.go | 2 +-",
  "",
].join("\n");

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst2: TestUserSession;
let fixer: TestUserSession;
let member: TestUserSession;
let memberKey: { publicKey: string; lockedPrivateKey: string };
let leaver: TestUserSession;
let otherMember: TestUserSession;
let teamKey: { publicKey: string; fingerprint: string };
let outsiderKey: string;
let orgA: string;
let orgB: string;
let orgNoKey: string;
let caseA: string;
let caseOther: string;
let versionA: string;

/** The refusal: tRPC code, the field at fault (ours or zod's) and the message. */
async function errorOf(promise: Promise<unknown>) {
  const { code, message } = await codeOf(promise);
  const e = await promise.catch((x: unknown) => x);
  const cause = e instanceof TRPCError ? e.cause : undefined;
  const field =
    cause instanceof AppError
      ? cause.details.field
      : (cause as { issues?: { path: PropertyKey[] }[] } | undefined)?.issues?.[0]?.path.join(".");
  return { code, field, message };
}

const api = async (session: TestUserSession | null) => adminCallerAs(db, session, { now });

async function distributorIn(organizationId: string): Promise<TestUserSession> {
  const s = await userWithSession(db, ["DISTRIBUTOR_MEMBER"], { now });
  await db.distributorMembership.create({ data: { userId: s.userId, organizationId } });
  return s;
}

async function withKey(session: TestUserSession) {
  const pair = await generateTestKey({ name: "Distributor", passphrase: PASSPHRASE });
  await (await api(session)).keys.register({
    armoredPublicKey: pair.publicKey,
    lockedPrivateKey: pair.lockedPrivateKey,
  });
  return pair;
}

/** A case ready for early disclosure: fix ready with an LGTM'd commit, remotely exploitable, one patch version. */
async function readyCase(): Promise<{ reportId: string; versionId: string }> {
  const report = await submitTestReport(db, {
    pstKeys: await listPstKeys({ db, now }),
    now: new Date(now.getTime() - 2 * DAY),
  });
  const id = report.reportId;
  await db.report.update({
    where: { id },
    data: { state: "fix-ready", fixLeadId: pst1.userId, caseId: null },
  });
  await db.caseMember.create({ data: { reportId: id, userId: fixer.userId } });
  await db.case.create({ data: { id, openedAt: now, remotelyExploitable: true } });
  await db.report.update({ where: { id }, data: { caseId: id } });
  const branch = await db.releaseBranch.create({ data: { caseId: id, name: "release-1.4" } });
  const commit = await db.fixCommit.create({
    data: {
      caseId: id,
      branchId: branch.id,
      sha: "a".repeat(40),
      authorId: fixer.userId,
      titleCiphertext: "-----BEGIN PGP MESSAGE-----\nnot read here\n-----END PGP MESSAGE-----",
      url: "https://example.test/commit/a",
    },
  });
  await db.commitLgtm.create({ data: { commitId: commit.id, userId: pst1.userId, at: now } });
  const patch = await db.patch.create({ data: { caseId: id, branchId: branch.id } });
  const versionId = randomUUID();
  await db.patchVersion.create({
    data: {
      id: versionId,
      patchId: patch.id,
      caseId: id,
      version: 1,
      ciphertext: Buffer.from("not read here"),
      size: 13,
      uploadedAt: now,
    },
  });
  return { reportId: id, versionId };
}

/** What the Fix Lead's browser does for one organisation: mark each current version and encrypt it to its keys. */
async function copiesFor(
  reportId: string,
  organizationId: string,
  keys?: (recipients: string[]) => string[],
) {
  const view = await (await api(pst1)).earlyDisclosure.recipients({ reportId });
  const org = view.organizations.find((o) => o.id === organizationId);
  if (!org?.markCode) throw new Error("no mark");
  const mark = org.markCode;
  const recipients = org.recipients.map((r) => r.armoredPublicKey);
  return Promise.all(
    view.patchVersions.map(async (v) => ({
      patchVersionId: v.id,
      fileName: markedFileName(v.fileName, mark),
      ciphertext: Buffer.from(
        await encryptBytes(
          new TextEncoder().encode(markPatch(SECRET_PATCH, mark)),
          keys ? keys(recipients) : recipients,
        ),
      ).toString("base64"),
    })),
  );
}

const prepareInput = (reportId: string, organizationIds: string[]) => ({
  reportId,
  terms: "Embargo until the disclosure time; share nothing outside your security team.",
  disclosureAt,
  organizationIds,
});

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  pst2 = await sessionFor(db, "pst2@demo.disclose.test", { now });
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  const team = await generateTestKey({ name: "Acme team", passphrase: PASSPHRASE });
  teamKey = { publicKey: team.publicKey, fingerprint: team.fingerprint };
  outsiderKey = (await generateTestKey({ name: "Outsider", passphrase: PASSPHRASE })).publicKey;
  orgA = (
    await db.distributorOrganization.create({
      data: {
        name: "Acme Linux",
        securityContact: "security@acme.example",
        teamKeyArmored: team.publicKey,
        teamKeyFingerprint: team.fingerprint,
      },
    })
  ).id;
  orgB = (await db.distributorOrganization.create({ data: { name: "Other Distro" } })).id;
  orgNoKey = (await db.distributorOrganization.create({ data: { name: "Keyless BSD" } })).id;
  member = await distributorIn(orgA);
  memberKey = await withKey(member);
  leaver = await distributorIn(orgA);
  await withKey(leaver);
  otherMember = await distributorIn(orgB);
  await withKey(otherMember);
  await distributorIn(orgNoKey);
  ({ reportId: caseA, versionId: versionA } = await readyCase());
  ({ reportId: caseOther } = await readyCase());
}, 120_000);
afterAll(() => t?.drop());

describe("the Fix Lead's early disclosure", () => {
  it("lists the organisations that can receive and those that cannot, carrying no keys", async () => {
    const view = await (await api(pst1)).earlyDisclosure.get({ reportId: caseA });
    expect(view.blocker).toBeNull();
    expect(view.patchVersions.map((v) => v.id)).toEqual([versionA]);
    const a = view.organizations.find((o) => o.id === orgA);
    expect(a?.cannotReceive).toBeNull();
    expect(view.organizations.find((o) => o.id === orgNoKey)?.cannotReceive).toMatch(/usable key/);
    expect(a?.receipt).toBeNull();
    // The page's view is light: the keys come only from `recipients`, when the copies are made.
    expect(JSON.stringify(view)).not.toMatch(/BEGIN PGP PUBLIC KEY BLOCK/);
    expect(a).not.toHaveProperty("recipients");
    // Decided without loading the keys, the same way as from the keys themselves.
    const full = await loadOrganizationRecipients(db, now);
    expect(view.organizations.map((o) => [o.id, o.cannotReceive])).toEqual(
      full.map((o) => [o.id, o.cannotReceive]),
    );
  });

  it("is the Fix Lead's alone", async () => {
    for (const who of [pst2, fixer, member]) {
      const e = await errorOf((await api(who)).earlyDisclosure.prepare(prepareInput(caseA, [orgA])));
      expect(["FORBIDDEN", "NOT_FOUND"]).toContain(e.code);
    }
  });

  it("refuses bad input by field: short notice without a reason, a time past, an organisation without keys", async () => {
    const lead = await api(pst1);
    const short = await errorOf(
      lead.earlyDisclosure.prepare({
        ...prepareInput(caseA, [orgA]),
        disclosureAt: new Date("2026-12-02T15:00:00Z"),
      }),
    );
    expect(short).toMatchObject({ code: "BAD_REQUEST", field: "noticeReason" });
    const past = await errorOf(
      lead.earlyDisclosure.prepare({
        ...prepareInput(caseA, [orgA]),
        disclosureAt: new Date(now.getTime() - DAY),
      }),
    );
    expect(past).toMatchObject({ code: "BAD_REQUEST", field: "disclosureAt" });
    const keyless = await errorOf(lead.earlyDisclosure.prepare(prepareInput(caseA, [orgA, orgNoKey])));
    expect(keyless).toMatchObject({ code: "BAD_REQUEST", field: "organizationIds" });
    const stranger = await errorOf(lead.earlyDisclosure.prepare(prepareInput(caseA, [randomUUID()])));
    expect(stranger).toMatchObject({ code: "BAD_REQUEST", field: "organizationIds" });
    const injection = await errorOf(
      lead.earlyDisclosure.prepare({ ...prepareInput(caseA, ["'; DROP TABLE cases; --"]) }),
    );
    expect(injection).toMatchObject({ code: "BAD_REQUEST" });
    const overlong = await errorOf(
      lead.earlyDisclosure.prepare({ ...prepareInput(caseA, [orgA]), terms: "x".repeat(10_001) }),
    );
    expect(overlong).toMatchObject({ code: "BAD_REQUEST", field: "terms" });
    const control = await errorOf(
      lead.earlyDisclosure.prepare({ ...prepareInput(caseA, [orgA]), terms: "ok\u0000not" }),
    );
    expect(control).toMatchObject({ code: "BAD_REQUEST", field: "terms" });
    const notBase64 = await errorOf(
      lead.earlyDisclosure.uploadCopies({
        reportId: caseA,
        organizationId: orgA,
        copies: [{ patchVersionId: versionA, fileName: "../../etc/passwd", ciphertext: "<script>" }],
      }),
    );
    expect(notBase64.code).toBe("BAD_REQUEST");
    // Another case's id: not the caller's to disclose (nor to probe).
    expect((await errorOf(lead.earlyDisclosure.get({ reportId: randomUUID() }))).code).toBe("NOT_FOUND");
  });

  it("prepares: terms, the case's disclosure time, the organisations chosen and their marks", async () => {
    const r = await (await api(pst1)).earlyDisclosure.prepare(prepareInput(caseA, [orgA, orgB]));
    expect(r.chosen).toBe(2);
    const kase = await db.case.findUniqueOrThrow({ where: { id: caseA } });
    expect(kase.disclosureAt).toEqual(disclosureAt);
    const view = await (await api(pst1)).earlyDisclosure.get({ reportId: caseA });
    expect(view.disclosure?.terms).toContain("Embargo until");
    for (const id of [orgA, orgB]) {
      const o = view.organizations.find((x) => x.id === id);
      expect(o?.chosen).toBe(true);
      expect(o?.markCode).toMatch(/^[A-Z2-7]{12}$/);
      expect(o?.receipt?.notifiedAt).toBeNull();
    }
  });

  it("gives the copies' recipients on their own: each waiting organisation's members' usable keys and team key", async () => {
    const view = await (await api(pst1)).earlyDisclosure.recipients({ reportId: caseA });
    expect(view.patchVersions.map((v) => v.id)).toEqual([versionA]);
    // Chosen and able to receive only (the keyless organisation was never chosen).
    expect(view.organizations.map((o) => o.id).sort()).toEqual([orgA, orgB].sort());
    const keyOf = async (userId: string) =>
      db.pgpKey.findFirstOrThrow({
        where: { userId, retiredAt: null },
        select: { fingerprint: true, armoredPublicKey: true },
      });
    const a = view.organizations.find((o) => o.id === orgA);
    const expectedA = [
      await keyOf(member.userId),
      await keyOf(leaver.userId),
      { fingerprint: teamKey.fingerprint, armoredPublicKey: teamKey.publicKey },
    ];
    const shape = (keys: { fingerprint: string; armoredPublicKey: string }[]) =>
      keys.map((k) => `${k.fingerprint}|${k.armoredPublicKey}`).sort();
    expect(shape(a?.recipients ?? [])).toEqual(shape(expectedA));
    expect(a?.recipients.map((r) => r.kind).sort()).toEqual(["member", "member", "team"]);
    expect(a?.markCode).toMatch(/^[A-Z2-7]{12}$/);
    const b = view.organizations.find((o) => o.id === orgB);
    expect(shape(b?.recipients ?? [])).toEqual(shape([await keyOf(otherMember.userId)]));
    // Only the case's Fix Lead gets them.
    for (const who of [pst2, fixer, member]) {
      const e = await errorOf((await api(who)).earlyDisclosure.recipients({ reportId: caseA }));
      expect(["FORBIDDEN", "NOT_FOUND"]).toContain(e.code);
    }
  });

  it("shows an organisation nothing before it is notified", async () => {
    const caller = await api(member);
    expect((await caller.distributorCases.list()).cases).toEqual([]);
    expect((await errorOf(caller.distributorCases.get({ reportId: caseA }))).code).toBe("NOT_FOUND");
  });

  it("refuses a copy not encrypted to exactly the organisation's keys, or without its mark", async () => {
    const lead = await api(pst1);
    const missing = await copiesFor(caseA, orgA, (keys) => keys.slice(1));
    const stale = await errorOf(
      lead.earlyDisclosure.uploadCopies({ reportId: caseA, organizationId: orgA, copies: missing }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toMatch(/Reload/);
    const extra = await copiesFor(caseA, orgA, (keys) => [...keys, outsiderKey]);
    const leaked = await errorOf(
      lead.earlyDisclosure.uploadCopies({ reportId: caseA, organizationId: orgA, copies: extra }),
    );
    expect(leaked.code).toBe("BAD_REQUEST");
    expect(leaked.message).toMatch(/outside the organisation/);
    const good = await copiesFor(caseA, orgA);
    const unmarked = good.map((c) => ({ ...c, fileName: "release-1.4.patch" }));
    expect(
      await errorOf(
        lead.earlyDisclosure.uploadCopies({ reportId: caseA, organizationId: orgA, copies: unmarked }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", field: "copies.0.fileName" });
    // Another organisation's copy (its mark, its keys) for this one.
    const others = await copiesFor(caseA, orgB);
    expect(
      (
        await errorOf(
          lead.earlyDisclosure.uploadCopies({ reportId: caseA, organizationId: orgA, copies: others }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    const garbage = good.map((c) => ({ ...c, ciphertext: Buffer.from("not a message").toString("base64") }));
    expect(
      await errorOf(
        lead.earlyDisclosure.uploadCopies({ reportId: caseA, organizationId: orgA, copies: garbage }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", field: "copies.0.ciphertext" });
    expect(await db.distributorCopy.count({ where: { caseId: caseA } })).toBe(0);
  });

  it("keeps a complete set waiting for Notify, which tells only the ready: the email names the case and the date, and nothing else", async () => {
    const lead = await api(pst1);
    const r = await lead.earlyDisclosure.uploadCopies({
      reportId: caseA,
      organizationId: orgA,
      copies: await copiesFor(caseA, orgA),
    });
    expect(r).toEqual({ notifiedAt: null, complete: true });
    expect(await db.outboxMessage.count({ where: { subject: { contains: caseA.slice(0, 8) } } })).toBe(0);
    // Acme has copies, so it is no longer offered for copies; Other Distro still is.
    expect(
      (await lead.earlyDisclosure.recipients({ reportId: caseA })).organizations.map((o) => o.id),
    ).toEqual([orgB]);
    const notified = await lead.earlyDisclosure.notify({ reportId: caseA });
    // Other Distro is still waiting for its copies: the case does not move yet.
    expect(notified).toEqual({
      notified: 1,
      emails: 3,
      waitingForCopies: 1,
      caseState: null,
      caseStateProblem: null,
    });
    // A second Notify finds nobody new.
    expect((await lead.earlyDisclosure.notify({ reportId: caseA })).notified).toBe(0);
    const mails = await db.outboxMessage.findMany({ where: { subject: { contains: caseA.slice(0, 8) } } });
    const to = mails.map((m) => m.toAddress).sort();
    const memberEmail = (await db.user.findUniqueOrThrow({ where: { id: member.userId } })).email;
    expect(to).toContain("security@acme.example");
    expect(to).toContain(memberEmail);
    expect(to).toHaveLength(3);
    for (const mail of mails) {
      expect(mail.subject).toMatch(
        new RegExp(`^\\[EMBARGOED\\] .+ case ${caseA.slice(0, 8)}: action needed by 2026-12-09 15:00 UTC$`),
      );
      expect(mail.textBody).toContain(`/distributor/cases/${caseA}`);
      expect(mail.textBody).not.toContain("resolver");
      expect(mail.textBody).not.toContain("Embargo until the disclosure time");
    }
  });

  it("moves the case to distributors-notified once every chosen organisation is", async () => {
    const lead = await api(pst1);
    await lead.earlyDisclosure.uploadCopies({
      reportId: caseA,
      organizationId: orgB,
      copies: await copiesFor(caseA, orgB),
    });
    const r = await lead.earlyDisclosure.notify({ reportId: caseA });
    expect(r).toMatchObject({ notified: 1, waitingForCopies: 0, caseState: "distributors-notified" });
    expect((await db.report.findUniqueOrThrow({ where: { id: caseA } })).state).toBe("distributors-notified");
    const actions = (
      await db.auditEvent.findMany({ where: { subjectId: caseA }, orderBy: { seq: "asc" } })
    ).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "case.early_disclosure_prepared",
        "case.distributor_copies_uploaded",
        "case.distributors_notified",
        "case.notify-distributors",
      ]),
    );
  });
});

describe("the distributor area", () => {
  it("shows a notified member their organisation's case and copies, and only those", async () => {
    const caller = await api(member);
    const list = await caller.distributorCases.list();
    expect(list.cases.map((c) => c.caseId)).toEqual([caseA]);
    const view = await caller.distributorCases.get({ reportId: caseA });
    expect(view.disclosureAt).toEqual(disclosureAt);
    expect(view.terms).toContain("Embargo until");
    expect(view.affected).toEqual([{ branch: "release-1.4", releaseVersion: null }]);
    expect(view.copies).toHaveLength(1);
    const mark = (await db.distributorOrganization.findUniqueOrThrow({ where: { id: orgA } })).markCode;
    expect(findCopyMark(view.copies[0]?.fileName ?? "")).toBe(mark);
    // Nothing of the report.
    expect(JSON.stringify(view)).not.toContain("pst1@demo");
    // A case not disclosed to it.
    expect((await errorOf(caller.distributorCases.get({ reportId: caseOther }))).code).toBe("NOT_FOUND");
  });

  it("logs each download per person and the copy opens with the member's own key", async () => {
    const caller = await api(member);
    const view = await caller.distributorCases.get({ reportId: caseA });
    const copyId = view.copies[0]?.id ?? "";
    const got = await caller.distributorCases.downloadCopy({ reportId: caseA, copyId });
    const text = new TextDecoder().decode(
      await decryptBytesWithLockedKey({
        ciphertext: new Uint8Array(Buffer.from(got.ciphertext, "base64")),
        lockedPrivateKey: memberKey.lockedPrivateKey,
        passphrase: PASSPHRASE,
      }),
    );
    expect(findCopyMark(text)).toBe(findCopyMark(got.fileName));
    await (await api(leaver)).distributorCases.downloadCopy({ reportId: caseA, copyId });
    const downloads = await db.distributorCopyDownload.findMany({ where: { copyId } });
    expect(downloads.map((d) => d.userId).sort()).toEqual([member.userId, leaver.userId].sort());
    // Another organisation's copy, by id, through this case: not there.
    const otherCopy = await db.distributorCopy.findFirstOrThrow({
      where: { caseId: caseA, organizationId: orgB },
    });
    expect(
      (await errorOf(caller.distributorCases.downloadCopy({ reportId: caseA, copyId: otherCopy.id }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await errorOf((await api(otherMember)).distributorCases.downloadCopy({ reportId: caseA, copyId })))
        .code,
    ).toBe("NOT_FOUND");
    // Staff are not distributors here.
    expect(
      (await errorOf((await api(pst1)).distributorCases.downloadCopy({ reportId: caseA, copyId }))).code,
    ).toBe("NOT_FOUND");
  });

  it("acknowledges receipt, and the Fix Lead's receipts show it all", async () => {
    const ack = await (await api(member)).distributorCases.acknowledge({ reportId: caseA });
    expect(ack.acknowledgedAt).toEqual(now);
    const view = await (await api(pst1)).earlyDisclosure.get({ reportId: caseA });
    const a = view.organizations.find((o) => o.id === orgA);
    expect(a?.receipt).toMatchObject({
      notifiedAt: now,
      openedAt: now,
      acknowledgedAt: now,
      downloads: 2,
      feedback: 0,
      copyVersionIds: [versionA],
    });
    expect(view.organizations.find((o) => o.id === orgB)?.receipt).toMatchObject({
      notifiedAt: now,
      openedAt: null,
      acknowledgedAt: null,
      downloads: 0,
    });
  });

  it("shows a removed member nothing", async () => {
    await db.distributorMembership.update({ where: { userId: leaver.userId }, data: { status: "removed" } });
    const caller = await api(leaver);
    expect((await caller.distributorCases.list()).cases).toEqual([]);
    expect((await errorOf(caller.distributorCases.get({ reportId: caseA }))).code).toBe("NOT_FOUND");
    expect((await errorOf(caller.distributorCases.acknowledge({ reportId: caseA }))).code).toBe("NOT_FOUND");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});

describe("the distributors' reminders (in the scheduled reminders run)", () => {
  const notices = async (text: string) =>
    db.outboxMessage.findMany({
      where: { subject: { contains: caseA.slice(0, 8) }, textBody: { contains: text } },
    });

  it("reminds an organisation that has not acknowledged, once", async () => {
    const later = new Date(now.getTime() + 3 * DAY);
    await sendDueReminders({ db, now: later, adminUrl: "http://localhost:3001" });
    const otherEmail = (await db.user.findUniqueOrThrow({ where: { id: otherMember.userId } })).email;
    const first = await notices("has not acknowledged");
    expect(first.map((m) => m.toAddress)).toEqual([otherEmail]);
    expect(first[0]?.subject).toMatch(/^\[EMBARGOED\] .+: action needed by 2026-12-09 15:00 UTC$/);
    await sendDueReminders({
      db,
      now: new Date(later.getTime() + 3_600_000),
      adminUrl: "http://localhost:3001",
    });
    expect(await notices("has not acknowledged")).toHaveLength(1);
  });

  it("tells everyone still on the list in the day before the embargo ends, once", async () => {
    const dayBefore = new Date(disclosureAt.getTime() - 12 * 3_600_000);
    await sendDueReminders({ db, now: dayBefore, adminUrl: "http://localhost:3001" });
    await sendDueReminders({
      db,
      now: new Date(dayBefore.getTime() + 3_600_000),
      adminUrl: "http://localhost:3001",
    });
    const ending = (await notices("ends within a day")).map((m) => m.toAddress).sort();
    const emailOf = async (s: TestUserSession) =>
      (await db.user.findUniqueOrThrow({ where: { id: s.userId } })).email;
    // The removed member hears nothing more.
    expect(ending).toEqual(
      [await emailOf(member), await emailOf(otherMember), "security@acme.example"].sort(),
    );
  });
});

describe("changes after the notice", () => {
  const notices = async (text: string) =>
    db.outboxMessage.findMany({
      where: { subject: { contains: caseA.slice(0, 8) }, textBody: { contains: text } },
    });

  it("tells every notified organisation at once when the disclosure time moves", async () => {
    const moved = new Date("2026-12-10T15:00:00Z");
    await (await api(pst1)).earlyDisclosure.prepare({
      ...prepareInput(caseA, [orgA, orgB]),
      disclosureAt: moved,
    });
    const changed = await notices("has changed");
    expect(changed).toHaveLength(3);
    for (const mail of changed) expect(mail.subject).toMatch(/action needed by 2026-12-10 15:00 UTC$/);
    // Saving again without moving it tells nobody.
    await (await api(pst1)).earlyDisclosure.prepare({
      ...prepareInput(caseA, [orgA, orgB]),
      disclosureAt: moved,
    });
    expect(await notices("has changed")).toHaveLength(3);
  });

  it("tells them too when the Fix Lead moves the time in the release section, in the same transaction", async () => {
    const again = new Date("2026-12-15T15:00:00Z");
    await (await api(pst1)).release.setDisclosureTime({ reportId: caseA, at: again });
    const changed = (await notices("has changed")).filter((m) => m.subject.endsWith("2026-12-15 15:00 UTC"));
    expect(changed.map((m) => m.toAddress)).toContain("security@acme.example");
    expect(changed).toHaveLength(3);
  });

  it("sends a new patch version to those who had the old one", async () => {
    const v1 = await db.patchVersion.findUniqueOrThrow({ where: { id: versionA } });
    const v2 = randomUUID();
    await db.patchVersion.create({
      data: { ...v1, id: v2, version: 2, uploadedAt: now, ciphertext: Buffer.from("v2") },
    });
    const before = await (await api(pst1)).earlyDisclosure.get({ reportId: caseA });
    expect(before.patchVersions.map((v) => v.id)).toEqual([v2]);
    const a = before.organizations.find((o) => o.id === orgA);
    expect(a?.receipt?.copyVersionIds).toEqual([versionA]);
    const r = await (await api(pst1)).earlyDisclosure.uploadCopies({
      reportId: caseA,
      organizationId: orgA,
      copies: await copiesFor(caseA, orgA),
    });
    expect(r.notifiedAt).toEqual(now);
    expect((await notices("A new version")).map((m) => m.toAddress)).toContain("security@acme.example");
    const view = await (await api(member)).distributorCases.get({ reportId: caseA });
    expect(view.copies.map((c) => c.version).sort()).toEqual([1, 2]);
  });
});
