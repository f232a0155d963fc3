// Issue 13, the portal's side: applying to the private distributors list without an account, and following the

// application with a capability link. What is stored, who is emailed, what the tracking page says, and that the
// form never tells whether the person named as voucher is on the list.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@disclose/db";
import { Role } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { EMBARGO_POLICY } from "@disclose/domain";
import { installJobQueue } from "@disclose/email";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { AppError } from "./errors";
import { PEER_HEADER } from "./http/peer";
import { createTrpcRouteHandler, maxBodyBytesOf } from "./http/trpc-route-handler";
import { createPortalCaller, portalRouter } from "./root";
import { generateTestKey } from "./test-support/keys";
import type { TApplyRequest } from "./use-cases/distributors/application-input";
import { createVouchRequestTask, VOUCH_REQUEST_TASK } from "./use-cases/distributors/request-vouch";

const PORTAL_URL = "http://localhost:3000";
const now = new Date("2026-12-01T12:00:00Z");

let t: TestDatabase;
let db: Db;
let teamKey: { publicKey: string; privateKey: string };
let member: { id: string; email: string };

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  // Made at the machine's time, before the test's clock: valid at `now`.
  const key = await generateTestKey({ name: "Example Linux security team", passphrase: "correct horse" });
  teamKey = { publicKey: key.publicKey, privateKey: key.lockedPrivateKey };
  await db.user.create({
    data: { email: "pst@project.test", name: "PST One", roles: { create: { role: Role.PST_MEMBER } } },
  });
  await db.user.create({
    data: {
      email: "gone-pst@project.test",
      active: false,
      roles: { create: { role: Role.PST_MEMBER } },
    },
  });
  const listed = await db.distributorOrganization.create({ data: { name: "Listed Distro" } });
  const removed = await db.distributorOrganization.create({
    data: { name: "Removed Distro", status: "removed" },
  });
  member = await db.user.create({
    data: {
      email: "member@listed.test",
      name: "List Member",
      roles: { create: { role: Role.DISTRIBUTOR_MEMBER } },
      distributorMembership: { create: { organizationId: listed.id } },
    },
    select: { id: true, email: true },
  });
  await db.user.create({
    data: {
      email: "removed@listed.test",
      roles: { create: { role: Role.DISTRIBUTOR_MEMBER } },
      distributorMembership: { create: { organizationId: listed.id, status: "removed" } },
    },
  });
  await db.user.create({
    data: {
      email: "org-removed@removed.test",
      roles: { create: { role: Role.DISTRIBUTOR_MEMBER } },
      distributorMembership: { create: { organizationId: removed.id } },
    },
  });
  await db.user.create({
    data: {
      email: "inactive@listed.test",
      active: false,
      roles: { create: { role: Role.DISTRIBUTOR_MEMBER } },
      distributorMembership: { create: { organizationId: listed.id } },
    },
  });
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

/** A portal caller from its own client address (so the per-client limit only decides the test that is about it). */
async function portal(clientIp = `10.13.${randomBytes(1)[0]}.${randomBytes(1)[0]}`) {
  return createPortalCaller(
    await createContext({
      app: "portal",
      appUrl: PORTAL_URL,
      db,
      now,
      headers: new Headers({ origin: PORTAL_URL, [PEER_HEADER]: clientIp }),
    }),
  );
}

const ANSWER = "We ship the project's packages to our users and fix their security issues.";
function application(overrides: Partial<TApplyRequest> = {}): TApplyRequest {
  return {
    organizationName: "Example Linux",
    distribution: "Example Linux's coredns package",
    userBase: "About two million installations worldwide.",
    trackRecord: "https://example-linux.test/security\nhttps://example-linux.test/advisories/2026-01",
    isDownstream: false,
    downstreamOf: "",
    contribution: "We review patches and test them on our release branches.",
    answers: {
      "active-distributor": { answer: ANSWER, evidence: "https://example-linux.test/packages/coredns" },
      "user-base": { answer: ANSWER, evidence: "https://example-linux.test/stats" },
      "security-track-record": { answer: ANSWER, evidence: "https://example-linux.test/security" },
      "not-downstream": { answer: "We build everything from upstream sources.", evidence: "Our build farm." },
      "community-participant": { answer: ANSWER, evidence: "https://github.com/example/pulls" },
    },
    securityContact: "security@example-linux.test",
    emailDelivery: true,
    applicantName: "Alice Applicant",
    applicantEmail: "alice@example-linux.test",
    teamKey: teamKey.publicKey,
    embargoPolicyVersion: EMBARGO_POLICY.version,
    embargoPolicyAccepted: true,
    voucherEmail: member.email,
    emailTrackingLink: false,
    ...overrides,
  };
}

/** The refusal a call ended with, and the field it names. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const e = error as TRPCError;
  const field =
    e.cause instanceof AppError
      ? e.cause.details.field
      : (e.cause as { issues?: { path: PropertyKey[] }[] } | undefined)?.issues?.[0]?.path.join(".");
  return { code: e.code, field, message: e.message };
}

const counts = async () => ({
  applications: await db.distributorApplication.count(),
  outbox: await db.outboxMessage.count(),
  audit: await db.auditEvent.count({ where: { subjectType: "distributor_application" } }),
});
const mailTo = (to: string, after: Date) =>
  db.outboxMessage.findMany({
    where: { toAddress: to, createdAt: { gte: after } },
    orderBy: { createdAt: "asc" },
  });

const rowOf = (token: string) =>
  db.distributorApplication.findUniqueOrThrow({
    where: { trackingTokenHash: createHash("sha256").update(token).digest("hex") },
  });

/** Runs the queued vouch-request job of an application, as the worker would (its payload read from the queue). */
async function runVouchJob(applicationId: string) {
  const [job] = await db.$queryRaw<{ payload: unknown }[]>`
    SELECT payload FROM graphile_worker._private_jobs WHERE key = ${`${VOUCH_REQUEST_TASK}:${applicationId}`}`;
  expect(job).toBeDefined();
  await createVouchRequestTask({ db, now: () => now })(job?.payload);
}

/** What one submission wrote besides the application: outbox recipients and queued job kinds. */
async function writtenSince(before: Date) {
  const mail = await db.outboxMessage.findMany({
    where: { createdAt: { gte: before } },
    select: { toAddress: true },
  });
  const jobs = await db.$queryRaw<{ identifier: string }[]>`
    SELECT t.identifier FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE j.created_at >= ${before}`;
  return { to: mail.map((m) => m.toAddress).sort(), jobs: jobs.map((j) => j.identifier).sort() };
}

describe("applying to the private distributors list", () => {
  it("stores the application as given, with only the tracking token's hash, in one transaction with its audit event, emails and vouch job", async () => {
    const before = new Date();
    const result = await (await portal()).distributorApplications.submit(application());
    expect(result.trackingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.trackingLink).toBe(`${PORTAL_URL}/distributors/applications/${result.trackingToken}`);
    expect(Object.keys(result).sort()).toEqual(["trackingLink", "trackingToken"]);

    const row = await rowOf(result.trackingToken);
    expect(row).toMatchObject({
      organizationName: "Example Linux",
      distribution: "Example Linux's coredns package",
      userBase: "About two million installations worldwide.",
      trackRecord: "https://example-linux.test/security\nhttps://example-linux.test/advisories/2026-01",
      downstreamOf: null,
      contribution: "We review patches and test them on our release branches.",
      answers: application().answers,
      securityContact: "security@example-linux.test",
      emailDelivery: true,
      applicantName: "Alice Applicant",
      applicantEmail: "alice@example-linux.test",
      embargoPolicyVersion: EMBARGO_POLICY.version,
      embargoAcceptedAt: now,
      voucherEmail: member.email,
      // Resolved by the job, after the answer (below).
      voucherUserId: null,
      status: "submitted",
      decidedAt: null,
      organizationId: null,
    });
    expect(row.teamKeyArmored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(row.teamKeyFingerprint).toMatch(/^[0-9A-F]{40}$/);
    // The token itself is nowhere: not in the row, not in any email (the applicant did not ask for it by email).
    expect(JSON.stringify(row)).not.toContain(result.trackingToken);
    expect(await writtenSince(before)).toEqual({
      to: ["alice@example-linux.test", "pst@project.test"],
      jobs: [VOUCH_REQUEST_TASK, "send-email", "send-email"].sort(),
    });
    const adminLink = `http://localhost:3001/distributors/applications/${row.id}`;
    const [alert] = await mailTo("pst@project.test", before);
    expect(alert?.textBody).toContain(adminLink);
    expect((await mailTo("alice@example-linux.test", before))[0]?.subject).toMatch(/was received/);

    // The job finds the voucher on the list, records them and asks them; run again, it does nothing more.
    await runVouchJob(row.id);
    await runVouchJob(row.id);
    expect((await rowOf(result.trackingToken)).voucherUserId).toBe(member.id);
    const toVoucher = await mailTo(member.email, before);
    expect(toVoucher).toHaveLength(1);
    expect(toVoucher[0]?.subject).toMatch(/named as voucher/);
    expect(toVoucher[0]?.textBody).toContain(adminLink);
    const sent = await db.outboxMessage.findMany({ where: { createdAt: { gte: before } } });
    for (const m of sent) expect(`${m.textBody}${m.htmlBody}`).not.toContain(result.trackingToken);

    const audit = await db.auditEvent.findMany({
      where: { subjectType: "distributor_application", subjectId: row.id },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((e) => [e.actorKind, e.action])).toEqual([
      ["applicant", "distributor_application.submitted"],
      ["system", "distributor_application.voucher_resolved"],
    ]);
    expect(JSON.stringify(audit.map((e) => e.data))).not.toMatch(/alice@|member@/);
  });

  it("emails the applicant the tracking link only when asked", async () => {
    const before = new Date();
    const applicantEmail = "asks-for-link@example-linux.test";
    const result = await (await portal()).distributorApplications.submit(
      application({ applicantEmail, emailTrackingLink: true }),
    );
    const [receipt] = await mailTo(applicantEmail, before);
    expect(receipt?.textBody).toContain(result.trackingLink);
  });

  it("stores which distributor a downstream rebuilds", async () => {
    const result = await (await portal()).distributorApplications.submit(
      application({ isDownstream: true, downstreamOf: "Upstream Linux" }),
    );
    expect((await rowOf(result.trackingToken)).downstreamOf).toBe("Upstream Linux");
  });

  it.each([
    ["someone not on the list", "stranger@elsewhere.test"],
    ["a member removed from the list", "removed@listed.test"],
    ["a member of a removed organisation", "org-removed@removed.test"],
    ["an inactive account", "inactive@listed.test"],
    ["a PST member (not a list member)", "pst@project.test"],
  ])(
    "does the same work and answers the same for %s as for a list member, and emails them nothing",
    async (_label, voucherEmail) => {
      const t0 = new Date();
      const onList = await (await portal()).distributorApplications.submit(application());
      const t1 = new Date();
      const offList = await (await portal()).distributorApplications.submit(application({ voucherEmail }));
      // Same shape, same kind of values: nothing in the answer tells the two apart.
      expect(Object.keys(offList).sort()).toEqual(Object.keys(onList).sort());
      expect(offList.trackingToken).toHaveLength(onList.trackingToken.length);
      // The same rows and jobs written either way (so the same statements, the same time): the request never
      // even looks the voucher up.
      const offWork = await writtenSince(t1);
      const bothWork = await writtenSince(t0);
      expect(bothWork.jobs).toEqual([...offWork.jobs, ...offWork.jobs].sort());
      expect(bothWork.to).toEqual([...offWork.to, ...offWork.to].sort());
      const row = await rowOf(offList.trackingToken);
      await runVouchJob(row.id);
      expect(await rowOf(offList.trackingToken)).toMatchObject({ voucherEmail, voucherUserId: null });
      const toVoucher = await mailTo(voucherEmail, t0);
      expect(toVoucher.filter((m) => /named as voucher/.test(m.subject))).toEqual([]);
      // And the tracking page says the same as for anyone still waiting.
      const status = await (await portal()).distributorApplications.status({ token: offList.trackingToken });
      expect(status.vouch).toBe("waiting");
    },
  );

  it("matches the voucher's address whatever its case", async () => {
    const result = await (await portal()).distributorApplications.submit(
      application({ voucherEmail: "Member@Listed.TEST" }),
    );
    const row = await rowOf(result.trackingToken);
    await runVouchJob(row.id);
    expect((await rowOf(result.trackingToken)).voucherUserId).toBe(member.id);
  });

  it("asks no one to vouch for an application already decided when the job runs", async () => {
    const before = new Date();
    const result = await (await portal()).distributorApplications.submit(application());
    const row = await rowOf(result.trackingToken);
    await db.distributorApplication.update({
      where: { id: row.id },
      data: { status: "rejected", decisionReason: "Spam.", decidedAt: now },
    });
    await runVouchJob(row.id);
    expect(await mailTo(member.email, before)).toEqual([]);
  });
});

describe("hostile or wrong input is refused, naming the field, and nothing is stored", () => {
  const answers = () => application().answers;
  const cases: [string, () => Partial<TApplyRequest>, string, RegExp?][] = [
    [
      "an overlong organisation name",
      () => ({ organizationName: "x".repeat(201) }),
      "organizationName",
      /at most 200/,
    ],
    ["a 200 kB field", () => ({ contribution: "x".repeat(200 * 1024) }), "contribution"],
    ["an empty distribution", () => ({ distribution: "   " }), "distribution", /required/],
    ["a non-email applicant address", () => ({ applicantEmail: "alice" }), "applicantEmail", /email address/],
    ["a non-email security contact", () => ({ securityContact: "security at example" }), "securityContact"],
    ["a non-email voucher", () => ({ voucherEmail: "<script>@x" }), "voucherEmail"],
    [
      "the applicant as their own voucher",
      () => ({ voucherEmail: "ALICE@example-linux.test" }),
      "voucherEmail",
    ],
    ["a private key pasted", () => ({ teamKey: teamKey.privateKey }), "teamKey", /private key/],
    [
      "garbage armor",
      () => ({
        teamKey: "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA!!\n-----END PGP PUBLIC KEY BLOCK-----",
      }),
      "teamKey",
      /not an armored OpenPGP public key/,
    ],
    ["no key", () => ({ teamKey: "" }), "teamKey"],
    [
      "a script in the name",
      () => ({ applicantName: "<script>alert(1)</script>" }),
      "applicantName",
      /plain text/,
    ],
    [
      "HTML in an answer",
      () => ({
        answers: {
          ...answers(),
          "user-base": { answer: `${ANSWER}<img src=x onerror=alert(1)>`, evidence: "x" },
        },
      }),
      "answers.user-base.answer",
      /plain text/,
    ],
    [
      "a one-word answer",
      () => ({ answers: { ...answers(), "active-distributor": { answer: "yes", evidence: "x" } } }),
      "answers.active-distributor.answer",
    ],
    [
      "an answer without evidence",
      () => ({ answers: { ...answers(), "security-track-record": { answer: ANSWER, evidence: " " } } }),
      "answers.security-track-record.evidence",
    ],
    [
      "a criterion left out",
      () => {
        const { "community-participant": _omit, ...rest } = answers();
        return { answers: rest };
      },
      "answers.community-participant",
    ],
    ["the embargo policy not accepted", () => ({ embargoPolicyAccepted: false }), "embargoPolicyAccepted"],
    [
      "an older embargo policy",
      () => ({ embargoPolicyVersion: "2020-01-01" }),
      "embargoPolicyVersion",
      /changed/,
    ],
    ["a downstream without saying of what", () => ({ isDownstream: true, downstreamOf: "" }), "downstreamOf"],
    ["a javascript: link", () => ({ trackRecord: "javascript:alert(1)" }), "trackRecord", /http/],
    ["no track record", () => ({ trackRecord: "\n \n" }), "trackRecord"],
    ["a wrong type", () => ({ organizationName: 42 as unknown as string }), "organizationName"],
  ];
  it.each(cases)("%s", async (_label, overrides, field, message) => {
    const before = await counts();
    const result = await refusal((await portal()).distributorApplications.submit(application(overrides())));
    expect(result.code).toBe("BAD_REQUEST");
    expect(result.field).toBe(field);
    if (message) expect(result.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it("refuses a 200 kB body over HTTP with 413 before reading it", async () => {
    const limit = maxBodyBytesOf(portalRouter, "distributorApplications.submit");
    expect(limit).toBeLessThan(200 * 1024);
    const before = await counts();
    const handler = createTrpcRouteHandler({ app: "portal", appUrl: PORTAL_URL, db: () => db });
    const body = JSON.stringify({ json: application({ contribution: "x".repeat(200 * 1024) }) });
    const response = await handler(
      new Request(`${PORTAL_URL}/api/trpc/distributorApplications.submit`, {
        method: "POST",
        headers: {
          origin: PORTAL_URL,
          "content-type": "application/json",
          "content-length": String(body.length),
        },
        body,
      }),
    );
    expect(response.status).toBe(413);
    expect(await counts()).toEqual(before);
  });
});

describe("the tracking page's status", () => {
  it("shows the state, the times and the vouch, never who is on the list", async () => {
    const { trackingToken } = await (await portal()).distributorApplications.submit(application());
    const status = () => portal().then((p) => p.distributorApplications.status({ token: trackingToken }));
    expect(await status()).toEqual({
      organizationName: "Example Linux",
      status: "submitted",
      decisionReason: null,
      submittedAt: now,
      decidedAt: null,
      vouch: "waiting",
    });
    const row = await db.distributorApplication.findUniqueOrThrow({
      where: { trackingTokenHash: createHash("sha256").update(trackingToken).digest("hex") },
    });
    await db.distributorVouch.create({
      data: { applicationId: row.id, voucherId: member.id, decision: "declined", comment: "Who?", at: now },
    });
    expect((await status()).vouch).toBe("declined");
    const pst = await db.user.findUniqueOrThrow({ where: { email: "pst@project.test" } });
    await db.distributorVouch.create({
      data: {
        applicationId: row.id,
        voucherId: pst.id,
        decision: "confirmed",
        comment: "I know them.",
        at: now,
      },
    });
    expect((await status()).vouch).toBe("vouched");
    const decidedAt = new Date(now.getTime() + 3_600_000);
    await db.distributorApplication.update({
      where: { id: row.id },
      data: {
        status: "rejected",
        decisionReason: "A rebuild of another member.",
        decidedAt,
        decidedById: pst.id,
      },
    });
    const decided = await status();
    expect(decided).toMatchObject({
      status: "rejected",
      decisionReason: "A rebuild of another member.",
      decidedAt,
    });
    expect(JSON.stringify(decided)).not.toMatch(/member@listed|pst@project|I know them|Who\?/);
  });

  it("a wrong, malformed or missing token is the same NOT_FOUND", async () => {
    const wrong = randomBytes(32).toString("base64url");
    const results = await Promise.all(
      [wrong, "abc", "", "x".repeat(172), `${wrong}\u0000`].map(async (token) =>
        refusal((await portal()).distributorApplications.status({ token })),
      ),
    );
    for (const r of results) {
      expect(r).toMatchObject({ code: "NOT_FOUND", message: "No application matches this tracking link." });
    }
  });
});

describe("rate limits", () => {
  it("a client may apply ten times an hour; the eleventh attempt is refused before its input is read", async () => {
    const ip = "10.13.255.1";
    for (let i = 0; i < 10; i++) {
      // Refused input still counts: the limit is on attempts.
      expect(
        (await refusal((await portal(ip)).distributorApplications.submit(application({ distribution: "" }))))
          .code,
      ).toBe("BAD_REQUEST");
    }
    const before = await counts();
    const limited = await refusal((await portal(ip)).distributorApplications.submit(application()));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.message).toMatch(/Too many requests/);
    expect(await counts()).toEqual(before);
    // Another client is not affected.
    await expect((await portal()).distributorApplications.submit(application())).resolves.toBeDefined();
  });
});
