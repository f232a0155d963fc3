// Recovery without a back door (issue 16): a person who lost every second factor asks; an admin and a PST member,
// two people other than them, approve; only then are the old factors removed, and enrolling a new one completes it.
import { type Db, type Role, verifyAuditChain } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCodeAt } from "./auth/totp";
import { adminCallerAs, cookieSet } from "./test-support/admin-caller";
import { type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";

const ADMIN_URL = "http://localhost:3001";
const start = new Date("2026-11-30T20:00:00Z");
const HOUR = 3_600_000;
const at = (hours: number) => new Date(start.getTime() + hours * HOUR);

let test: TestDatabase;
let db: Db;
let admin: TestUserSession;
let pst: TestUserSession;
let both: TestUserSession;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await installJobQueue(test.url);
  admin = await userWithSession(db, ["ADMIN"], { now: start, expires: at(1000) });
  pst = await userWithSession(db, ["PST_MEMBER"], { now: start, expires: at(1000) });
  both = await userWithSession(db, ["ADMIN", "PST_MEMBER"], { now: start, expires: at(1000) });
}, 120_000);
afterAll(() => test?.drop());

const caller = (cookie: string, now = start, responseHeaders = new Headers()) =>
  adminCallerAs(db, { cookie }, { now, responseHeaders });

/** Another session of the same user: waiting on the second factor unless told otherwise. */
async function sessionOf(userId: string, secondFactor = false): Promise<string> {
  const other = await userWithSession(db, [], { secondFactor, now: start, expires: at(1000) });
  await db.session.update({ where: { id: other.sessionId }, data: { userId } });
  return other.cookie;
}

/** A member with an authenticator and recovery codes, a passed session and one waiting on the second factor. */
async function member(roles: Role[] = []) {
  const signedIn = await userWithSession(db, roles, { secondFactor: false, now: start, expires: at(1000) });
  const headers = new Headers();
  const api = await caller(signedIn.cookie, start, headers);
  const { secretBase32 } = await api.auth.startTotpEnrollment();
  await api.auth.confirmTotpEnrollment({ code: totpCodeAt(secretBase32, start) });
  return {
    ...signedIn,
    passed: cookieSet(headers),
    otherPassed: await sessionOf(signedIn.userId, true),
    waiting: await sessionOf(signedIn.userId),
  };
}

async function requested(m: { waiting: string }, now = start) {
  return (await caller(m.waiting, now)).recovery.request({
    reason: "I lost my phone and my recovery codes.",
  });
}

const approve = async (who: { cookie: string }, recoveryId: string, now = start) =>
  (await caller(who.cookie, now)).recovery.approve({ recoveryId, confirmedWithPerson: true });

const mailTo = (email: string) =>
  db.outboxMessage.findMany({ where: { toAddress: email }, orderBy: { createdAt: "asc" } });

const actionsFor = async (userId: string) =>
  (
    await db.auditEvent.findMany({
      where: { subjectType: "user", subjectId: userId, action: { startsWith: "recovery." } },
      orderBy: { seq: "asc" },
    })
  ).map((e) => e.action);

const factorsOf = async (userId: string) => ({
  totp: await db.totpCredential.count({ where: { userId } }),
  passkeys: await db.passkeyCredential.count({ where: { userId } }),
  codes: await db.recoveryCode.count({ where: { userId } }),
});

describe("account recovery", () => {
  it("an admin and a PST member approve: factors removed, passed sessions ended, enrolment completes it", async () => {
    const m = await member(["PST_MEMBER"]);
    await db.user.update({
      where: { id: m.userId },
      data: { secondFactorFailures: 7, secondFactorBlockedUntil: at(1), passkeySignIn: true },
    });
    await db.passkeyCredential.create({
      data: {
        userId: m.userId,
        credentialId: `cred-${m.userId}`,
        publicKey: Buffer.from([1, 2, 3]),
        transports: ["internal"],
        name: "Lost phone",
        deviceType: "singleDevice",
        backedUp: false,
        createdAt: start,
      },
    });
    const asked = await requested(m);
    expect(asked).toMatchObject({ state: "pending", approvals: [], missing: ["ADMIN", "PST_MEMBER"] });
    expect(asked.expiresAt).toEqual(at(72));

    // The member is told at their address; the approvers (never the member as one) are asked to confirm in person.
    const [notice] = await mailTo(m.email);
    expect(notice?.subject).toBe("Account recovery was requested for your account");
    expect(notice?.textBody).toMatch(/tell an admin at once/);
    for (const approver of [admin, pst, both]) {
      const [ask] = await mailTo(approver.email);
      expect(ask?.textBody).toMatch(/by a call or in person/);
      expect(ask?.textBody).toContain(`${ADMIN_URL}/recoveries`);
      expect(ask?.textBody).toContain(m.email);
    }
    expect((await mailTo(m.email)).filter((x) => x.subject.includes("asks to recover"))).toHaveLength(0);

    // The approvers see it; the member follows it from the second-factor page.
    const list = await (await caller(pst.cookie)).recovery.list();
    const listed = list.open.find((r) => r.id === asked.id);
    expect(listed).toMatchObject({
      member: { id: m.userId, email: m.email },
      yourApproval: { capacity: "PST_MEMBER" },
    });
    expect(listed?.reason).toBe("I lost my phone and my recovery codes.");

    // One approval is not enough: nothing is removed yet.
    const first = await approve(admin, asked.id, at(1));
    expect(first).toMatchObject({ state: "pending", missing: ["PST_MEMBER"] });
    expect(await factorsOf(m.userId)).toEqual({ totp: 1, passkeys: 1, codes: 10 });
    expect((await mailTo(m.email)).at(-1)?.subject).toBe("Your account recovery got an approval");

    const second = await approve(pst, asked.id, at(2));
    expect(second.state).toBe("approved");
    expect(second.approvedAt).toEqual(at(2));
    expect(second.expiresAt).toEqual(at(26));
    expect(second.approvals.map((a) => a.capacity)).toEqual(["ADMIN", "PST_MEMBER"]);
    expect(await factorsOf(m.userId)).toEqual({ totp: 0, passkeys: 0, codes: 0 });
    const user = await db.user.findUniqueOrThrow({ where: { id: m.userId }, include: { sessions: true } });
    expect(user.secondFactorFailures).toBe(0);
    expect(user.secondFactorBlockedUntil).toBeNull();
    expect(user.passkeySignIn).toBe(false);
    // Only the session waiting on the second factor is left.
    expect(user.sessions).toHaveLength(1);
    expect(user.sessions[0]?.secondFactorAt).toBeNull();
    expect(await errorOf((await caller(m.passed, at(2))).account.me())).toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect((await mailTo(m.email)).at(-1)?.subject).toMatch(/approved: set up a new authenticator/);

    // The normal enrolment on the page the member is on is the way back in, and completes the recovery.
    const headers = new Headers();
    const api = await caller(m.waiting, at(3), headers);
    expect(await api.auth.status()).toMatchObject({ hasAuthenticator: false, secondFactorPassed: false });
    expect((await api.recovery.mine()).latest?.state).toBe("approved");
    const { secretBase32 } = await api.auth.startTotpEnrollment();
    await api.auth.confirmTotpEnrollment({ code: totpCodeAt(secretBase32, at(3)) });
    const after = await (await caller(cookieSet(headers), at(3))).recovery.mine();
    expect(after.latest).toMatchObject({ id: asked.id, state: "completed", completedAt: at(3) });
    expect(after.latest?.approvals.map((a) => a.approverName)).toHaveLength(2);
    expect((await mailTo(m.email)).at(-1)?.subject).toBe("Your account recovery is complete");

    expect(await actionsFor(m.userId)).toEqual([
      "recovery.requested",
      "recovery.approved",
      "recovery.approved",
      "recovery.completed",
    ]);
    const approvedEvents = await db.auditEvent.findMany({
      where: { subjectId: m.userId, action: "recovery.approved" },
      orderBy: { seq: "asc" },
    });
    expect(approvedEvents.map((e) => [e.actorId, (e.data as { capacity: string }).capacity])).toEqual([
      [admin.userId, "ADMIN"],
      [pst.userId, "PST_MEMBER"],
    ]);
    expect(approvedEvents[1]?.data).toMatchObject({ approvals: 2, complete: true, sessionsEnded: 2 });
    // No mail carries a secret: neither the TOTP secret nor a code.
    for (const mail of await mailTo(m.email)) expect(mail.textBody).not.toContain(secretBase32);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("counts a person holding ADMIN and PST_MEMBER once", async () => {
    const m = await member();
    const asked = await requested(m);
    expect(await approve(both, asked.id)).toMatchObject({ state: "pending", missing: ["PST_MEMBER"] });
    expect(await errorOf(approve(both, asked.id))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/approved this recovery already/),
    });
    expect(await factorsOf(m.userId)).toMatchObject({ totp: 1 });
    // Another admin cannot fill the PST capacity either.
    expect(await errorOf(approve(admin, asked.id))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/an admin is already given/),
    });
    expect((await approve(pst, asked.id)).state).toBe("approved");
  });

  it("fills the capacity still open when the person holding both roles approves second", async () => {
    const m = await member();
    const asked = await requested(m);
    await approve(admin, asked.id);
    const done = await approve(both, asked.id);
    expect(done.state).toBe("approved");
    expect(done.approvals.map((a) => a.capacity)).toEqual(["ADMIN", "PST_MEMBER"]);
  });

  it("refuses the member approving their own recovery", async () => {
    const m = await member(["ADMIN", "PST_MEMBER"]);
    const asked = await requested(m);
    expect(await errorOf(approve({ cookie: m.passed }, asked.id))).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/cannot approve your own recovery/),
    });
    expect(await db.accountRecoveryApproval.count({ where: { recoveryId: asked.id } })).toBe(0);
  });

  it("refuses an approval after the request expired, and closes it when the member asks again", async () => {
    const m = await member();
    const asked = await requested(m);
    expect(await errorOf(approve(admin, asked.id, at(72)))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/expired/),
    });
    expect((await (await caller(m.waiting, at(72))).recovery.mine()).latest?.state).toBe("expired");
    const again = await requested(m, at(73));
    expect(again.state).toBe("pending");
    const old = await db.accountRecovery.findUniqueOrThrow({ where: { id: asked.id } });
    expect(old.cancelledAt).toEqual(at(73));
    expect(await actionsFor(m.userId)).toEqual([
      "recovery.requested",
      "recovery.cancelled",
      "recovery.requested",
    ]);
  });

  it("refuses enrolment once an approved recovery lapsed, and lets the member ask again", async () => {
    const m = await member();
    const asked = await requested(m);
    await approve(admin, asked.id);
    await approve(pst, asked.id);
    const late = at(25);
    const api = await caller(m.waiting, late, new Headers());
    const { secretBase32 } = await api.auth.startTotpEnrollment();
    expect(
      await errorOf(api.auth.confirmTotpEnrollment({ code: totpCodeAt(secretBase32, late) })),
    ).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/lapsed or was cancelled/),
    });
    expect(await db.totpCredential.count({ where: { userId: m.userId, confirmedAt: { not: null } } })).toBe(
      0,
    );
    expect((await requested(m, late)).state).toBe("pending");
  });

  it("refuses engineers and distributor members as approvers", async () => {
    const m = await member();
    const asked = await requested(m);
    const engineer = await userWithSession(db, [], { now: start });
    const distributor = await userWithSession(db, ["DISTRIBUTOR_MEMBER"], { now: start });
    const org = await db.distributorOrganization.create({ data: { name: `Org ${distributor.userId}` } });
    await db.distributorMembership.create({ data: { userId: distributor.userId, organizationId: org.id } });
    for (const who of [engineer, distributor]) {
      expect(await errorOf(approve(who, asked.id))).toMatchObject({ code: "FORBIDDEN" });
      expect(await errorOf((await caller(who.cookie)).recovery.list())).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.accountRecoveryApproval.count({ where: { recoveryId: asked.id } })).toBe(0);
  });

  it("refuses a request from a session that passed the second factor, and a second open request", async () => {
    const m = await member();
    expect(
      await errorOf((await caller(m.passed)).recovery.request({ reason: "Someone with my session" })),
    ).toMatchObject({ code: "FORBIDDEN" });
    const asked = await requested(m);
    expect(await errorOf(requested(m))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/asked for recovery already/),
    });
    // Cancelling it (here from the account page, with the passed session) allows a new one.
    const cancelled = await (await caller(m.passed)).recovery.cancelMine({ recoveryId: asked.id });
    expect(cancelled.state).toBe("cancelled");
    expect((await requested(m)).state).toBe("pending");
    expect((await mailTo(m.email)).map((x) => x.subject)).toContain("Your account recovery was cancelled");
  });

  it("withdraws a waiting request when the person passes the second factor after all", async () => {
    const signedIn = await userWithSession(db, [], { secondFactor: false, now: start, expires: at(1000) });
    const { secretBase32 } = await (await caller(signedIn.cookie, start)).auth.startTotpEnrollment();
    await (await caller(signedIn.cookie, start, new Headers())).auth.confirmTotpEnrollment({
      code: totpCodeAt(secretBase32, start),
    });
    const waiting = await sessionOf(signedIn.userId);
    const asked = await requested({ waiting });
    // The phone turned up: a code from it passes, and the request nobody approved yet is gone.
    const later = at(1);
    await (await caller(waiting, later, new Headers())).auth.verifySecondFactor({
      code: totpCodeAt(secretBase32, later),
    });
    const row = await db.accountRecovery.findUniqueOrThrow({ where: { id: asked.id } });
    expect(row.cancelledAt).toEqual(later);
    expect(await actionsFor(signedIn.userId)).toEqual(["recovery.requested", "recovery.cancelled"]);
  });

  it("refuses a request from an account with no second factor to recover", async () => {
    const fresh = await userWithSession(db, [], { secondFactor: false, now: start });
    expect(
      await errorOf((await caller(fresh.cookie)).recovery.request({ reason: "New here" })),
    ).toMatchObject({
      code: "CONFLICT",
    });
  });

  it("lets an admin cancel someone's request, not a PST member, and never another person's by cancelMine", async () => {
    const m = await member();
    const asked = await requested(m);
    const other = await member();
    expect(
      await errorOf((await caller(other.waiting)).recovery.cancelMine({ recoveryId: asked.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf((await caller(pst.cookie)).recovery.cancel({ recoveryId: asked.id }))).toMatchObject(
      {
        code: "FORBIDDEN",
      },
    );
    const cancelled = await (await caller(admin.cookie)).recovery.cancel({ recoveryId: asked.id });
    expect(cancelled).toMatchObject({ state: "cancelled" });
    expect(cancelled.cancelledByName).toMatch(/^User /);
    expect(await errorOf(approve(pst, asked.id))).toMatchObject({ code: "CONFLICT" });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { subjectId: m.userId, action: "recovery.cancelled" },
    });
    expect(event.actorId).toBe(admin.userId);
    expect((await mailTo(m.email)).at(-1)?.textBody).toContain("cancelled your account recovery");
  });

  it("answers hostile input with BAD_REQUEST, before anything is written", async () => {
    const m = await member();
    const api = await caller(m.waiting);
    const before = await db.accountRecovery.count();
    for (const reason of ["", "   ", "x".repeat(1001), "a\u0000b", "a\u202eb", "bell\u0007"]) {
      const error = await errorOf(api.recovery.request({ reason }));
      expect(error.code, JSON.stringify(reason)).toBe("BAD_REQUEST");
    }
    expect((await errorOf(api.recovery.request({ reason: "a\u0000b" }))).appCode).toBe("BAD_INPUT");
    const approver = await caller(admin.cookie);
    for (const recoveryId of ["not-a-uuid", "' OR 1=1 --", "", "00000000-0000-0000-0000-00000000000g"]) {
      expect((await errorOf(approver.recovery.approve({ recoveryId, confirmedWithPerson: true }))).code).toBe(
        "BAD_REQUEST",
      );
      expect((await errorOf(api.recovery.cancelMine({ recoveryId }))).code).toBe("BAD_REQUEST");
    }
    const asked = await requested(m);
    // The approver must tick that they confirmed with the person.
    for (const confirmedWithPerson of [false, undefined, "yes"]) {
      expect(
        (
          await errorOf(
            approver.recovery.approve({ recoveryId: asked.id, confirmedWithPerson } as unknown as {
              recoveryId: string;
              confirmedWithPerson: true;
            }),
          )
        ).code,
      ).toBe("BAD_REQUEST");
    }
    expect(await db.accountRecovery.count()).toBe(before + 1);
    expect(await db.accountRecoveryApproval.count({ where: { recoveryId: asked.id } })).toBe(0);
  });

  it("limits requests to a few a day: each one mails every approver", async () => {
    const m = await member();
    for (let i = 0; i < 3; i++) {
      const asked = await requested(m, at(i));
      await (await caller(m.waiting, at(i))).recovery.cancelMine({ recoveryId: asked.id });
    }
    expect(await errorOf(requested(m, at(3)))).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((await requested(m, at(25))).state).toBe("pending");
  });
});
