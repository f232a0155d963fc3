// Issue 13, part C: the PST's review of applications to the private distributors list, and vouches.
import { type Db, verifyAuditChain } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs, TEST_ADMIN_URL } from "./test-support/admin-caller";
import { completeAnswers, createTestApplication } from "./test-support/review-applications";
import { type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";

const now = new Date("2026-11-30T09:00:00Z");

let t: TestDatabase;
let db: Db;
let pst: TestUserSession;
let admin: TestUserSession;
let acme: { id: string };

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  pst = await userWithSession(db, ["PST_MEMBER"], { now });
  admin = await userWithSession(db, ["ADMIN"], { now });
  acme = await db.distributorOrganization.create({ data: { name: "Acme Linux" } });
}, 120_000);
afterAll(() => t?.drop());

const api = (session: TestUserSession | null) => adminCallerAs(db, session, { now });

/** A distributor account on the list, in Acme (or another organisation). */
async function listMember(organizationId = acme.id, status: "active" | "warned" | "removed" = "active") {
  const member = await userWithSession(db, ["DISTRIBUTOR_MEMBER"], { now });
  await db.distributorMembership.create({ data: { userId: member.userId, organizationId, status } });
  return member;
}

const outboxTo = (address: string) => db.outboxMessage.findMany({ where: { toAddress: address } });
const auditOf = (applicationId: string) =>
  db.auditEvent.findMany({ where: { subjectId: applicationId }, orderBy: { seq: "asc" } });

describe("the person named as voucher", () => {
  it("sees their request, with what they need to decide, and vouches; the PST hears of it", async () => {
    const voucher = await listMember();
    const application = await createTestApplication(db, {
      voucherEmail: voucher.email,
      voucherUserId: voucher.userId,
    });
    const other = await createTestApplication(db);

    const list = await (await api(voucher)).distributorApplications.list();
    expect(list.view).toBe("voucher");
    expect(list.applications.map((a) => a.id)).toEqual([application.id]);
    expect(list.applications[0]?.confirmedVouches).toBeNull();

    const detail = await (await api(voucher)).distributorApplications.get({ applicationId: application.id });
    expect(detail).toMatchObject({
      view: "voucher",
      organizationName: application.organizationName,
      applicantEmail: application.applicantEmail,
      mayVouch: true,
      myVouch: null,
    });
    expect(detail.criteria).toHaveLength(7);
    // What only the PST needs stays out of the voucher's answer.
    expect(JSON.stringify(detail)).not.toMatch(/teamKeyFingerprint|securityContact|trackRecord|voucherEmail/);
    expect(
      (await errorOf((await api(voucher)).distributorApplications.get({ applicationId: other.id }))).code,
    ).toBe("NOT_FOUND");

    const pstMail = (await outboxTo(pst.email)).length;
    expect(
      await (await api(voucher)).distributorApplications.vouch({
        applicationId: application.id,
        decision: "declined",
        comment: "  I do not know them yet.  ",
      }),
    ).toEqual({ applicationId: application.id, decision: "declined", updated: false });
    // Once per person: a second answer replaces the first while the application waits.
    expect(
      await (await api(voucher)).distributorApplications.vouch({
        applicationId: application.id,
        decision: "confirmed",
        comment: "Met their security team; they ship fixes fast.",
      }),
    ).toMatchObject({ decision: "confirmed", updated: true });
    const vouches = await db.distributorVouch.findMany({ where: { applicationId: application.id } });
    expect(vouches).toHaveLength(1);
    expect(vouches[0]).toMatchObject({ decision: "confirmed", voucherId: voucher.userId });

    const mail = await outboxTo(pst.email);
    expect(mail.length).toBe(pstMail + 2);
    expect(mail.at(-1)?.subject).toContain(application.organizationName);
    expect(mail.at(-1)?.textBody).toContain(`${TEST_ADMIN_URL}/distributors/applications/${application.id}`);
    // The voucher's read of the application is recorded too (it holds the applicant's personal data).
    expect((await auditOf(application.id)).map((e) => e.action)).toEqual([
      "distributor.application_read",
      "distributor_application.vouched",
      "distributor_application.vouch_changed",
    ]);

    const after = await (await api(voucher)).distributorApplications.get({ applicationId: application.id });
    expect(after.myVouch).toMatchObject({ decision: "confirmed" });
    expect((await (await api(voucher)).distributorApplications.list()).applications[0]?.myVouch).toBe(
      "confirmed",
    );
  });

  it("is someone else's request to every other distributor member: NOT_FOUND, and nothing listed", async () => {
    const voucher = await listMember();
    const stranger = await listMember();
    const application = await createTestApplication(db, { voucherUserId: voucher.userId });
    const asStranger = await api(stranger);
    expect((await asStranger.distributorApplications.list()).applications).toEqual([]);
    expect(
      (await errorOf(asStranger.distributorApplications.get({ applicationId: application.id }))).code,
    ).toBe("NOT_FOUND");
    const refused = await errorOf(
      asStranger.distributorApplications.vouch({
        applicationId: application.id,
        decision: "confirmed",
        comment: "I vouch for anyone.",
      }),
    );
    expect(refused.code).toBe("NOT_FOUND");
    expect(await db.distributorVouch.count({ where: { applicationId: application.id } })).toBe(0);
  });

  it("cannot vouch once removed from the list (their membership or their organisation)", async () => {
    const removedOrg = await db.distributorOrganization.create({
      data: { name: "Removed Distro", status: "removed" },
    });
    for (const voucher of [await listMember(acme.id, "removed"), await listMember(removedOrg.id)]) {
      const application = await createTestApplication(db, { voucherUserId: voucher.userId });
      const as = await api(voucher);
      expect((await as.distributorApplications.list()).applications).toEqual([]);
      expect((await errorOf(as.distributorApplications.get({ applicationId: application.id }))).code).toBe(
        "NOT_FOUND",
      );
      const refused = await errorOf(
        as.distributorApplications.vouch({
          applicationId: application.id,
          decision: "confirmed",
          comment: "Yes.",
        }),
      );
      expect(refused.code).toBe("FORBIDDEN");
      expect(refused.message).toMatch(/no longer on the private distributors list/);
      expect(await db.distributorVouch.count({ where: { applicationId: application.id } })).toBe(0);
    }
  });

  it("a warned member still vouches (the domain's mayVouch), and a removed member's old vouch stops counting", async () => {
    const warned = await listMember(acme.id, "warned");
    const application = await createTestApplication(db, { voucherUserId: warned.userId });
    await (await api(warned)).distributorApplications.vouch({
      applicationId: application.id,
      decision: "confirmed",
      comment: "They are fine.",
    });
    const before = await (await api(pst)).distributorApplications.get({ applicationId: application.id });
    expect(before.view === "pst" && before.eligible).toBe(true);
    await db.distributorMembership.update({ where: { userId: warned.userId }, data: { status: "removed" } });
    const after = await (await api(pst)).distributorApplications.get({ applicationId: application.id });
    if (after.view !== "pst") throw new Error("the PST sees everything");
    expect(after.eligible).toBe(false);
    expect(after.vouches[0]?.counts).toBe(false);
    expect(after.problems.map((p) => p.criterion)).toEqual(["vouched"]);
  });
});

describe("the PST", () => {
  it("lists every application newest first, by status; an admin alone or an engineer is refused", async () => {
    const older = await createTestApplication(db, { createdAt: new Date("2026-11-01T00:00:00Z") });
    const newer = await createTestApplication(db, { createdAt: new Date("2026-11-29T00:00:00Z") });
    const list = await (await api(pst)).distributorApplications.list({ status: "submitted" });
    expect(list.view).toBe("pst");
    const ids = list.applications.map((a) => a.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(list.applications.every((a) => a.status === "submitted")).toBe(true);
    expect(
      (await (await api(pst)).distributorApplications.list({ status: "rejected" })).applications,
    ).toEqual(expect.not.arrayContaining([expect.objectContaining({ id: newer.id })]));
    expect((await errorOf((await api(admin)).distributorApplications.list())).code).toBe("FORBIDDEN");
    const engineer = await userWithSession(db, [], { now });
    expect((await errorOf((await api(engineer)).distributorApplications.list())).code).toBe("FORBIDDEN");
    expect((await errorOf((await api(null)).distributorApplications.list())).code).toBe("UNAUTHORIZED");
  });

  it("sees everything with the domain's verdict per criterion", async () => {
    const answers = completeAnswers();
    answers["user-base"] = { answer: "ok", evidence: "" };
    const application = await createTestApplication(db, { answers, embargoPolicyVersion: "2020-01-01" });
    const detail = await (await api(pst)).distributorApplications.get({ applicationId: application.id });
    if (detail.view !== "pst") throw new Error("the PST sees everything");
    expect(detail.teamKeyFingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(detail.embargoPolicyCurrent).toBe(false);
    expect(detail.eligible).toBe(false);
    expect(detail.problems.map((p) => p.criterion).sort()).toEqual([
      "accepts-embargo",
      "user-base",
      "vouched",
    ]);
    expect(detail.criteria.find((c) => c.id === "user-base")?.problems[0]).toMatch(/Explain how you meet/);
    expect(detail.criteria.find((c) => c.id === "active-distributor")?.problems).toEqual([]);
    expect(detail.decision).toBeNull();
  });

  it("cannot approve while not eligible (naming the criteria); after a vouch, approval does everything at once", async () => {
    const voucher = await listMember();
    const application = await createTestApplication(db, {
      voucherUserId: voucher.userId,
      applicantEmail: "Alice.Applicant@Example.org",
      applicantName: "Alice Applicant",
    });
    const refused = await errorOf(
      (await api(pst)).distributorApplications.approve({ applicationId: application.id }),
    );
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain("Have someone already on the list vouch");
    expect(await db.distributorOrganization.count({ where: { name: application.organizationName } })).toBe(0);

    await (await api(voucher)).distributorApplications.vouch({
      applicationId: application.id,
      decision: "confirmed",
      comment: "I vouch for Alice.",
    });
    // The voucher cannot decide.
    expect(
      (await errorOf((await api(voucher)).distributorApplications.approve({ applicationId: application.id })))
        .code,
    ).toBe("FORBIDDEN");
    expect(
      (await errorOf((await api(admin)).distributorApplications.approve({ applicationId: application.id })))
        .code,
    ).toBe("FORBIDDEN");

    const approved = await (await api(pst)).distributorApplications.approve({
      applicationId: application.id,
    });
    const organization = await db.distributorOrganization.findUniqueOrThrow({
      where: { id: approved.organizationId },
    });
    expect(organization).toMatchObject({
      name: application.organizationName,
      joinedVia: "application",
      status: "active",
      emailDelivery: true,
    });
    expect(organization.teamKeyFingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(organization.teamKeyArmored).toContain("BEGIN PGP PUBLIC KEY BLOCK");
    expect(organization.securityContact).toMatch(/^security-/);
    const account = await db.user.findUniqueOrThrow({
      where: { id: approved.userId },
      include: { roles: true, distributorMembership: true },
    });
    expect(account).toMatchObject({
      email: "alice.applicant@example.org",
      name: "Alice Applicant",
      active: true,
    });
    expect(account.roles.map((r) => r.role)).toEqual(["DISTRIBUTOR_MEMBER"]);
    expect(account.distributorMembership).toMatchObject({
      organizationId: organization.id,
      status: "active",
    });
    expect(
      await db.distributorApplication.findUniqueOrThrow({ where: { id: application.id } }),
    ).toMatchObject({ status: "approved", decidedAt: now, organizationId: organization.id });
    const mail = await outboxTo("alice.applicant@example.org");
    expect(mail).toHaveLength(1);
    expect(mail[0]?.textBody).toContain(`${TEST_ADMIN_URL}/sign-in`);
    expect(mail[0]?.subject).toContain(application.organizationName);
    expect((await auditOf(application.id)).map((e) => e.action)).toContain(
      "distributor_application.approved",
    );
    expect(await db.auditEvent.count({ where: { action: "user.invited", subjectId: account.id } })).toBe(1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    // The new member can now see the PST's view? No: they are a distributor, with no requests of their own.
    expect(
      (await errorOf((await api(pst)).distributorApplications.approve({ applicationId: application.id })))
        .code,
    ).toBe("CONFLICT");
    expect(
      (
        await errorOf(
          (await api(pst)).distributorApplications.reject({ applicationId: application.id, reason: "No." }),
        )
      ).code,
    ).toBe("CONFLICT");
    const detail = await (await api(pst)).distributorApplications.get({ applicationId: application.id });
    expect(detail.view === "pst" && detail.decision?.organizationId).toBe(organization.id);
    expect(detail.mayVouch).toBe(false);
    // Vouches close with the decision.
    expect(
      (
        await errorOf(
          (
            await api(voucher)
          ).distributorApplications.vouch({
            applicationId: application.id,
            decision: "declined",
            comment: "Changed my mind.",
          }),
        )
      ).code,
    ).toBe("CONFLICT");
  });

  it("approval is one transaction: a failure at the last step (the email) leaves nothing behind", async () => {
    const application = await createTestApplication(db, { applicantEmail: "fails@example.org" });
    await db.distributorVouch.create({
      data: {
        applicationId: application.id,
        voucherId: pst.userId,
        decision: "confirmed",
        comment: "ok",
        at: now,
      },
    });
    await db.$executeRawUnsafe(`CREATE FUNCTION test_refuse_mail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.to_address = 'fails@example.org' THEN RAISE EXCEPTION 'outbox down'; END IF; RETURN NEW; END $$`);
    await db.$executeRawUnsafe(
      "CREATE TRIGGER test_refuse_mail BEFORE INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION test_refuse_mail()",
    );
    const audits = await db.auditEvent.count();
    try {
      await expect(
        (await api(pst)).distributorApplications.approve({ applicationId: application.id }),
      ).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe("DROP TRIGGER test_refuse_mail ON outbox_messages");
      await db.$executeRawUnsafe("DROP FUNCTION test_refuse_mail()");
    }
    expect(await db.distributorOrganization.count({ where: { name: application.organizationName } })).toBe(0);
    expect(await db.user.count({ where: { email: "fails@example.org" } })).toBe(0);
    expect(await db.auditEvent.count()).toBe(audits);
    expect(
      await db.distributorApplication.findUniqueOrThrow({ where: { id: application.id } }),
    ).toMatchObject({
      status: "submitted",
      decidedAt: null,
      organizationId: null,
    });
    // And with the outbox back, the same approval goes through.
    await (await api(pst)).distributorApplications.approve({ applicationId: application.id });
    expect(await db.user.count({ where: { email: "fails@example.org" } })).toBe(1);
  });

  it("two PST members deciding at once: one decision wins, the other is a CONFLICT", async () => {
    const application = await createTestApplication(db);
    await db.distributorVouch.create({
      data: {
        applicationId: application.id,
        voucherId: pst.userId,
        decision: "confirmed",
        comment: "ok",
        at: now,
      },
    });
    const otherPst = await userWithSession(db, ["PST_MEMBER"], { now });
    const results = await Promise.allSettled([
      (await api(pst)).distributorApplications.approve({ applicationId: application.id }),
      (await api(otherPst)).distributorApplications.reject({ applicationId: application.id, reason: "No." }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected");
    expect((failed as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    const row = await db.distributorApplication.findUniqueOrThrow({ where: { id: application.id } });
    expect(await db.distributorOrganization.count({ where: { name: application.organizationName } })).toBe(
      row.status === "approved" ? 1 : 0,
    );
    expect(
      await db.auditEvent.count({
        where: {
          subjectId: application.id,
          action: { in: ["distributor_application.approved", "distributor_application.rejected"] },
        },
      }),
    ).toBe(1);
  });

  it("a PST member's own vouch counts; an address that is already an account is a clear CONFLICT", async () => {
    const existing = await userWithSession(db, [], { now });
    const application = await createTestApplication(db, { applicantEmail: existing.email.toUpperCase() });
    await (await api(pst)).distributorApplications.vouch({
      applicationId: application.id,
      decision: "confirmed",
      comment: "We know this distribution.",
    });
    const refused = await errorOf(
      (await api(pst)).distributorApplications.approve({ applicationId: application.id }),
    );
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/already belongs to an account/);
    expect(await db.distributorOrganization.count({ where: { name: application.organizationName } })).toBe(0);
    expect(
      (await db.distributorApplication.findUniqueOrThrow({ where: { id: application.id } })).status,
    ).toBe("submitted");
  });

  it("rejects with a reason only, tells the applicant why, and only once", async () => {
    const application = await createTestApplication(db);
    for (const reason of ["", "   ", "x".repeat(2001), "bad\u202Etext"]) {
      const refused = await errorOf(
        (await api(pst)).distributorApplications.reject({ applicationId: application.id, reason }),
      );
      expect(refused.code, JSON.stringify(reason)).toBe("BAD_REQUEST");
    }
    const reason = "No public track record of security fixes <script>alert(1)</script>.";
    await (await api(pst)).distributorApplications.reject({ applicationId: application.id, reason });
    const row = await db.distributorApplication.findUniqueOrThrow({ where: { id: application.id } });
    expect(row).toMatchObject({
      status: "rejected",
      decisionReason: reason,
      decidedById: pst.userId,
      decidedAt: now,
    });
    const [mail] = await outboxTo(application.applicantEmail);
    expect(mail?.textBody).toContain(reason);
    expect(mail?.htmlBody).not.toContain("<script>");
    expect((await auditOf(application.id)).map((e) => e.action)).toEqual([
      "distributor_application.rejected",
    ]);
    expect(
      (
        await errorOf(
          (await api(pst)).distributorApplications.reject({ applicationId: application.id, reason }),
        )
      ).code,
    ).toBe("CONFLICT");
    expect(
      (await errorOf((await api(pst)).distributorApplications.approve({ applicationId: application.id })))
        .code,
    ).toBe("CONFLICT");
    const detail = await (await api(pst)).distributorApplications.get({ applicationId: application.id });
    expect(detail.view === "pst" && detail.decision?.reason).toBe(reason);
  });
});

describe("hostile input", () => {
  it.each([
    ["an overlong comment", { decision: "confirmed", comment: "x".repeat(2001) }, "comment"],
    ["an empty comment", { decision: "confirmed", comment: "  " }, "comment"],
    ["a missing comment", { decision: "confirmed" }, "comment"],
    ["a comment of the wrong type", { decision: "confirmed", comment: 42 }, "comment"],
    ["a hidden control character", { decision: "confirmed", comment: "ok\u0007" }, "comment"],
    ["an unknown decision", { decision: "maybe", comment: "Hmm." }, "decision"],
  ])("refuses %s with a message naming the field", async (_, input, field) => {
    const application = await createTestApplication(db);
    const error = await (await api(pst)).distributorApplications
      .vouch({ applicationId: application.id, ...(input as { decision: "confirmed"; comment: string }) })
      .then(
        () => null,
        (e: unknown) => e as { code: string; cause?: { issues?: { path: unknown[] }[] } },
      );
    expect(error?.code).toBe("BAD_REQUEST");
    expect(error?.cause?.issues?.[0]?.path[0]).toBe(field);
  });

  it.each([
    "not-a-uuid",
    "'; DROP TABLE distributor_applications; --",
    "00000000-0000-4000-8000-000000000000",
    "x".repeat(5000),
  ])("answers a bad or unknown application id %#", async (applicationId) => {
    const as = await api(pst);
    for (const call of [
      () => as.distributorApplications.get({ applicationId }),
      () => as.distributorApplications.vouch({ applicationId, decision: "confirmed", comment: "ok" }),
      () => as.distributorApplications.approve({ applicationId }),
      () => as.distributorApplications.reject({ applicationId, reason: "No." }),
    ]) {
      const refused = await errorOf(call());
      expect(["BAD_REQUEST", "NOT_FOUND"]).toContain(refused.code);
      expect(refused.message).toMatch(/application id|no such application/i);
    }
    expect(await db.distributorApplication.count()).toBeGreaterThan(0);
  });

  it("refuses an unknown status filter", async () => {
    const refused = await errorOf(
      (await api(pst)).distributorApplications.list({ status: "pending" as unknown as "submitted" }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
  });
});
