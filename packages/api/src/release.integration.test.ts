// Issue 12: the forthcoming-fix notice, the release (versions, disclosure time, "mark released" under the domain's
// guard) and the retrospective, through the admin router against a real database.
import { type Db, verifyAuditChain } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { createPortalCaller } from "./root";
import { adminCallerAs } from "./test-support/admin-caller";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

// A Monday noon (UTC): the next weekday-afternoon slot is today 14:00.
const now = new Date("2026-11-30T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);
const trackingTokens = new Map<string, string>();

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst2: TestUserSession;
let fixer: TestUserSession;
let otherEngineer: TestUserSession;
let adminUser: TestUserSession;

const api = async (session: TestUserSession | null) => adminCallerAs(db, session, { now });

/** A case in `state`, led by PST member 1, with the fixer on its Fix Team and its case record. */
async function caseIn(
  state: string,
  data: { mitigationAvailable?: boolean; releasedAt?: Date; disclosureAt?: Date } = {},
): Promise<string> {
  const report = await submitTestReport(db, {
    pstKeys: await listPstKeys({ db, now }),
    now: new Date(now.getTime() - 2 * DAY),
  });
  const id = report.reportId;
  trackingTokens.set(id, report.trackingToken);
  await db.report.update({ where: { id }, data: { state, fixLeadId: pst1.userId } });
  await db.caseMember.create({ data: { reportId: id, userId: fixer.userId } });
  await db.case.create({ data: { id, openedAt: now, ...data } });
  await db.report.update({ where: { id }, data: { caseId: id } });
  return id;
}

/** A release branch with fix commits by the fixer; `lgtm` gives each an LGTM from PST member 1. */
async function branchWithCommits(caseId: string, name: string, shas: string[], lgtm: boolean) {
  const branch = await db.releaseBranch.create({ data: { caseId, name } });
  for (const sha of shas) {
    const commit = await db.fixCommit.create({
      data: {
        caseId,
        branchId: branch.id,
        sha,
        authorId: fixer.userId,
        titleCiphertext: "-----BEGIN PGP MESSAGE-----\nnot read here\n-----END PGP MESSAGE-----",
        url: `https://example.test/commit/${sha}`,
      },
    });
    if (lgtm) await db.commitLgtm.create({ data: { commitId: commit.id, userId: pst1.userId, at: now } });
  }
  return branch;
}

const notice = (reportId: string, overrides: Record<string, unknown> = {}) => ({
  reportId,
  projectName: "Demo Project",
  component: "resolver",
  affectedVersions: [">= 1.0.0, < 1.4.2"],
  mitigationSteps: ["Turn off recursion until you upgrade."],
  expectedReleaseAt: at("2026-12-03T15:00:00Z"),
  ...overrides,
});

async function auditActions(reportId: string): Promise<string[]> {
  const events = await db.auditEvent.findMany({ where: { subjectId: reportId }, orderBy: { seq: "asc" } });
  return events.map((e) => e.action);
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  pst2 = await sessionFor(db, "pst2@demo.disclose.test", { now });
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  adminUser = await sessionFor(db, "admin@demo.disclose.test", { now });
  otherEngineer = await userWithSession(db, [], { now });
}, 120_000);
afterAll(() => t?.drop());

describe("release.get", () => {
  it("shows the staff on the case what is done, what the domain allows and what each may do", async () => {
    const id = await caseIn("fix-in-progress");
    await branchWithCommits(id, "release-1.4", ["a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"], false);
    const lead = await (await api(pst1)).release.get({ reportId: id });
    expect(lead.state).toBe("fix-in-progress");
    expect(lead.notice.refusal).toContain("needs a fix");
    expect(lead.notice.mayPublish).toBe(true);
    expect(lead.branches).toEqual([
      {
        id: expect.any(String),
        name: "release-1.4",
        releaseVersion: null,
        commits: [
          {
            id: expect.any(String),
            sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
            url: "https://example.test/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
          },
        ],
      },
    ]);
    // Commit titles are encrypted and belong to the workspace page.
    expect(JSON.stringify(lead)).not.toContain("PGP MESSAGE");
    // Monday noon → Monday 14:00 UTC.
    expect(lead.disclosure.suggested).toEqual(at("2026-11-30T14:00:00Z"));
    expect(lead.disclosure.maySet).toBe(true);
    expect(lead.release.maySetVersions).toBe(true);
    // "Mark released" is not possible while the case is in fix development: the state's reason.
    expect(lead.release.markReleased).toMatchObject({ shown: true, possible: false });
    expect(lead.release.markReleased.reason).toContain("Fix in progress");
    expect(lead.retrospective).toMatchObject({ status: "not-applicable", doneAt: null, mayComplete: false });
    expect(lead.close.shown).toBe(false);

    // Another PST member and the Fix Team see it all but may change none of it.
    for (const session of [pst2, fixer]) {
      const view = await (await api(session)).release.get({ reportId: id });
      expect(view.branches).toHaveLength(1);
      expect(view.notice.mayPublish).toBe(false);
      expect(view.disclosure.maySet).toBe(false);
      expect(view.release.maySetVersions).toBe(false);
      expect(view.release.markReleased.shown).toBe(false);
    }
  });

  it("carries the deployment's project name, which the notice form starts from (empty until an admin sets it)", async () => {
    const id = await caseIn("fix-in-progress");
    expect((await (await api(pst1)).release.get({ reportId: id })).projectName).toBe("");
    await (await api(adminUser)).cases.updateSettings({ projectName: "CoreDNS" });
    try {
      for (const session of [pst1, fixer]) {
        expect((await (await api(session)).release.get({ reportId: id })).projectName).toBe("CoreDNS");
      }
    } finally {
      await (await api(adminUser)).cases.updateSettings({ projectName: "" });
    }
  });

  it("is NOT_FOUND for anyone not on the case, and for ids that name nothing", async () => {
    const id = await caseIn("fix-in-progress");
    for (const session of [otherEngineer, adminUser]) {
      expect((await errorOf((await api(session)).release.get({ reportId: id }))).code).toBe("NOT_FOUND");
    }
    for (const reportId of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "' OR 1=1 --"]) {
      expect((await errorOf((await api(pst1)).release.get({ reportId }))).code).toBe("NOT_FOUND");
    }
    expect((await errorOf((await api(null)).release.get({ reportId: id }))).code).toBe("UNAUTHORIZED");
  });

  it("an untrusted link stored on a commit is never handed out", async () => {
    const id = await caseIn("fix-in-progress");
    const branch = await db.releaseBranch.create({ data: { caseId: id, name: "main" } });
    await db.fixCommit.create({
      data: {
        caseId: id,
        branchId: branch.id,
        sha: "ffffffffffffffffffffffffffffffffffffffff",
        authorId: fixer.userId,
        titleCiphertext: "x",
        url: "javascript:alert(1)",
      },
    });
    const view = await (await api(pst1)).release.get({ reportId: id });
    expect(view.branches[0]?.commits[0]?.url).toBeNull();
  });
});

describe("the forthcoming-fix notice", () => {
  it("is refused before a fix or a mitigation, and allowed once a mitigation exists; recording it completes the milestone", async () => {
    const id = await caseIn("fix-in-progress");
    const lead = await api(pst1);
    const refused = await errorOf(lead.release.noticeText(notice(id)));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", appCode: "BAD_INPUT" });
    expect(refused.message).toContain("needs a fix (an LGTM on every commit) or a mitigation first");
    const notRecorded = await errorOf(
      lead.release.recordNoticePublished({
        reportId: id,
        url: "https://github.com/demo/project/issues/1",
        publishedAt: now,
        expectedReleaseAt: at("2026-12-03T15:00:00Z"),
      }),
    );
    expect(notRecorded.code).toBe("CONFLICT");
    expect(await db.case.findUnique({ where: { id } })).toMatchObject({ noticePublishedAt: null });

    await db.case.update({ where: { id }, data: { mitigationAvailable: true, mitigationAvailableAt: now } });
    const text = await lead.release.noticeText(notice(id));
    expect(text.title).toBe("Security fix for Demo Project resolver expected 2026-12-03 15:00 UTC");
    expect(text.body).toContain("**Affected:** `resolver`, versions `>= 1.0.0, < 1.4.2`");
    // The severity is the case's own (not scored yet here), never what the browser sends.
    expect(text.body).toContain("**Severity:** not rated yet");
    expect(text.body).toContain("- Turn off recursion until you upgrade.");
    // Nothing is stored or audited for a text that is published elsewhere.
    expect(await auditActions(id)).not.toContain("case.notice_published");

    const publishedAt = new Date(now.getTime() - HOUR);
    const recorded = await lead.release.recordNoticePublished({
      reportId: id,
      url: "https://github.com/demo/project/issues/1",
      publishedAt,
      expectedReleaseAt: at("2026-12-03T15:00:00Z"),
    });
    expect(recorded.url).toBe("https://github.com/demo/project/issues/1");
    const view = await lead.release.get({ reportId: id });
    expect(view.notice).toMatchObject({
      refusal: null,
      publishedAt,
      url: "https://github.com/demo/project/issues/1",
      expectedReleaseAt: at("2026-12-03T15:00:00Z"),
      status: "done",
    });
    expect(await auditActions(id)).toContain("case.notice_published");
    // The reporter's tracking page gives the promised release date.
    const portal = createPortalCaller(
      await createContext({
        app: "portal",
        appUrl: "http://localhost:3000",
        db,
        now,
        headers: new Headers(),
      }),
    );
    const tracking = await portal.tracking.view({ token: trackingTokens.get(id) ?? "" });
    expect(tracking.expectedReleaseAt).toEqual(at("2026-12-03T15:00:00Z"));

    // Recording again corrects the record, audited as a correction.
    await lead.release.recordNoticePublished({
      reportId: id,
      url: "https://github.com/demo/project/issues/2",
      publishedAt,
      expectedReleaseAt: at("2026-12-08T15:00:00Z"),
    });
    expect((await lead.release.get({ reportId: id })).notice.url).toBe(
      "https://github.com/demo/project/issues/2",
    );
    expect(await auditActions(id)).toContain("case.notice_record_corrected");
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("is allowed once the fix is developed (an LGTM on every commit), and says no mitigation is needed", async () => {
    const id = await caseIn("fix-in-progress");
    await branchWithCommits(id, "main", ["1111111111111111111111111111111111111111"], false);
    expect((await errorOf((await api(pst1)).release.noticeText(notice(id)))).code).toBe("BAD_REQUEST");
    await db.commitLgtm.create({
      data: {
        commitId: (await db.fixCommit.findFirstOrThrow({ where: { caseId: id } })).id,
        userId: pst1.userId,
        at: now,
      },
    });
    const text = await (await api(pst1)).release.noticeText(notice(id, { mitigationSteps: [] }));
    expect(text.body).toContain("No mitigation is needed before the release");
  });

  it("states the case's CVSS score", async () => {
    const id = await caseIn("fix-ready", { mitigationAvailable: true });
    await db.vulnerability.create({
      data: { caseId: id, position: 1, cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" },
    });
    const text = await (await api(pst1)).release.noticeText(notice(id));
    expect(text.body).toContain("**Severity:** Critical (CVSS 9.8)");
  });

  it.each([
    ["a control character in the component", { component: "resolver\u0007" }, "control characters"],
    ["a bidi override in a version", { affectedVersions: ["1.0\u202e"] }, "control characters"],
    ["a backtick that would end the code span", { component: "a`b" }, "backticks"],
    ["no affected versions", { affectedVersions: [] }, "List the affected versions."],
    ["an expected release in the past", { expectedReleaseAt: at("2026-11-01T15:00:00Z") }, "has passed"],
    ["an oversize project name", { projectName: "x".repeat(101) }, "at most 100"],
  ])("noticeText refuses %s", async (_name, overrides, message) => {
    const id = await caseIn("fix-in-progress", { mitigationAvailable: true });
    const error = await errorOf((await api(pst1)).release.noticeText(notice(id, overrides)));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(message);
  });

  it.each([
    ["a javascript: URL", { url: "javascript:alert(1)" }, "https://"],
    ["an http: URL", { url: "http://github.com/demo/project/issues/1" }, "https://"],
    ["a data: URL", { url: "data:text/html,<script>alert(1)</script>" }, "https://"],
    ["credentials in the URL", { url: "https://user:pass@example.test/x" }, "https://"],
    ["a control character in the URL", { url: "https://example.test/\u0000x" }, ""],
    ["a bidi override in the URL", { url: "https://example.test/\u202ex" }, "control characters"],
    ["an oversize URL", { url: `https://example.test/${"a".repeat(2000)}` }, "2,000"],
    ["a publication in the future", { publishedAt: new Date(now.getTime() + HOUR) }, "in the future"],
    ["a publication before the report", { publishedAt: at("1970-01-01T00:00:00Z") }, "before the report"],
    ["an expected release before the notice", { expectedReleaseAt: new Date(now.getTime() - DAY) }, "after"],
    ["an expected release decades away", { expectedReleaseAt: at("9999-12-31T15:00:00Z") }, "a year"],
  ])("recordNoticePublished refuses %s", async (_name, overrides, message) => {
    const id = await caseIn("fix-in-progress", { mitigationAvailable: true });
    const error = await errorOf(
      (await api(pst1)).release.recordNoticePublished({
        reportId: id,
        url: "https://github.com/demo/project/issues/1",
        publishedAt: now,
        expectedReleaseAt: at("2026-12-03T15:00:00Z"),
        ...overrides,
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(message);
    expect(await db.case.findUnique({ where: { id } })).toMatchObject({
      noticePublishedAt: null,
      noticeUrl: null,
    });
  });

  it("emails the notice's link, once, to the subscribers who asked for forthcoming-fix notices", async () => {
    const id = await caseIn("fix-in-progress", { mitigationAvailable: true });
    const tag = id.slice(0, 8);
    await db.announcementSubscriber.createMany({
      data: [
        {
          id: crypto.randomUUID(),
          email: `wants-${tag}@example.org`,
          status: "confirmed",
          forthcomingNotices: true,
          createdAt: now,
        },
        {
          id: crypto.randomUUID(),
          email: `releases-${tag}@example.org`,
          status: "confirmed",
          createdAt: now,
        },
      ],
    });
    const lead = await api(pst1);
    const record = {
      reportId: id,
      url: "https://github.com/demo/project/issues/9",
      publishedAt: now,
      expectedReleaseAt: at("2026-12-03T15:00:00Z"),
      announce: true,
    };
    expect((await lead.release.recordNoticePublished(record)).announced).toBeGreaterThanOrEqual(1);
    const mail = await db.outboxMessage.findMany({ where: { toAddress: { contains: tag } } });
    expect(mail.map((m) => m.toAddress)).toEqual([`wants-${tag}@example.org`]);
    expect(mail[0]?.textBody).toContain("https://github.com/demo/project/issues/9");
    expect(mail[0]?.textBody).toContain("2026-12-03 15:00 UTC");
    // Correcting the record sends nothing again.
    expect((await lead.release.recordNoticePublished(record)).announced).toBeNull();
    expect(await db.outboxMessage.count({ where: { toAddress: { contains: tag } } })).toBe(1);
  });

  it("only the Fix Lead makes and records it; someone off the case gets NOT_FOUND", async () => {
    const id = await caseIn("fix-in-progress", { mitigationAvailable: true });
    const record = {
      reportId: id,
      url: "https://github.com/demo/project/issues/1",
      publishedAt: now,
      expectedReleaseAt: at("2026-12-03T15:00:00Z"),
    };
    for (const session of [fixer, pst2]) {
      expect((await errorOf((await api(session)).release.noticeText(notice(id)))).code).toBe("FORBIDDEN");
      expect((await errorOf((await api(session)).release.recordNoticePublished(record))).code).toBe(
        "FORBIDDEN",
      );
    }
    for (const session of [otherEngineer, adminUser]) {
      expect((await errorOf((await api(session)).release.noticeText(notice(id)))).code).toBe("NOT_FOUND");
      expect((await errorOf((await api(session)).release.recordNoticePublished(record))).code).toBe(
        "NOT_FOUND",
      );
    }
  });

  it("is refused after the release: the advisory takes over", async () => {
    const id = await caseIn("released", { mitigationAvailable: true, releasedAt: now });
    const error = await errorOf((await api(pst1)).release.noticeText(notice(id)));
    expect(error.message).toContain("publish the advisory instead");
  });
});

describe("the disclosure time", () => {
  it("refuses a Friday without a reason and accepts it with one; a weekday needs none", async () => {
    const id = await caseIn("fix-ready");
    const lead = await api(pst1);
    const friday = at("2026-12-04T15:00:00Z");
    const refused = await errorOf(lead.release.setDisclosureTime({ reportId: id, at: friday }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain("is a Friday: users would be left patching over the weekend");
    const blank = await errorOf(
      lead.release.setDisclosureTime({ reportId: id, at: friday, overrideReason: "  " }),
    );
    expect(blank.code).toBe("BAD_REQUEST");
    expect((await db.case.findUniqueOrThrow({ where: { id } })).disclosureAt).toBeNull();

    const reason = "Exploited in the wild since Wednesday.";
    const overridden = await lead.release.setDisclosureTime({
      reportId: id,
      at: friday,
      overrideReason: reason,
    });
    expect(overridden).toMatchObject({ at: friday, overrideReason: reason });
    expect(await db.case.findUniqueOrThrow({ where: { id } })).toMatchObject({
      disclosureAt: friday,
      disclosureOverrideReason: reason,
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { subjectId: id, action: "case.disclosure_time_set" },
    });
    expect(event.data).toMatchObject({ at: friday.toISOString(), overrideReason: reason });

    // A Tuesday afternoon: no reason kept; outside the window it warns.
    const tuesday = at("2026-12-01T15:00:00Z");
    expect(
      await lead.release.setDisclosureTime({ reportId: id, at: tuesday, overrideReason: reason }),
    ).toEqual({
      at: tuesday,
      overrideReason: null,
      warnings: [],
    });
    const late = await lead.release.setDisclosureTime({ reportId: id, at: at("2026-12-01T20:00:00Z") });
    expect(late.warnings[0]).toContain("outside the usual 14:00–16:00 UTC release window");
    const view = await lead.release.get({ reportId: id });
    expect(view.disclosure).toMatchObject({
      at: at("2026-12-01T20:00:00Z"),
      overrideReason: null,
      problems: [],
    });
  });

  it.each([
    ["in the past", { at: at("2026-11-30T09:00:00Z") }, "is not in the future"],
    ["long ago", { at: at("1970-01-01T00:00:00Z") }, "is not in the future"],
    ["decades away", { at: at("9999-12-02T15:00:00Z") }, "at most a year ahead"],
    [
      "a Sunday with a control character in the reason",
      { at: at("2026-12-06T15:00:00Z"), overrideReason: "ok\u202e" },
      "control characters",
    ],
    ["an oversize reason", { at: at("2026-12-04T15:00:00Z"), overrideReason: "x".repeat(2001) }, "2,000"],
    ["an invalid date", { at: new Date("nope") }, ""],
  ])("refuses a time %s", async (_name, input, message) => {
    const id = await caseIn("fix-ready");
    const error = await errorOf((await api(pst1)).release.setDisclosureTime({ reportId: id, ...input }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(message);
  });

  it("is the Fix Lead's, and final after the release", async () => {
    const id = await caseIn("fix-ready");
    const input = { reportId: id, at: at("2026-12-01T15:00:00Z") };
    expect((await errorOf((await api(fixer)).release.setDisclosureTime(input))).code).toBe("FORBIDDEN");
    expect((await errorOf((await api(pst2)).release.setDisclosureTime(input))).code).toBe("FORBIDDEN");
    expect((await errorOf((await api(otherEngineer)).release.setDisclosureTime(input))).code).toBe(
      "NOT_FOUND",
    );
    const released = await caseIn("released", { releasedAt: now });
    const error = await errorOf(
      (await api(pst1)).release.setDisclosureTime({ ...input, reportId: released }),
    );
    expect(error.code).toBe("CONFLICT");
  });
});

describe("release versions", () => {
  it("sets a branch's version, audited; another case's branch is NOT_FOUND", async () => {
    const id = await caseIn("fix-ready");
    const other = await caseIn("fix-ready");
    const branch = await db.releaseBranch.create({ data: { caseId: id, name: "release-1.4" } });
    const otherBranch = await db.releaseBranch.create({ data: { caseId: other, name: "release-1.4" } });
    const lead = await api(pst1);
    expect(
      await lead.release.setReleaseVersion({ reportId: id, branchId: branch.id, version: " v1.4.2 " }),
    ).toEqual({
      branchId: branch.id,
      releaseVersion: "v1.4.2",
    });
    expect((await db.releaseBranch.findUniqueOrThrow({ where: { id: branch.id } })).releaseVersion).toBe(
      "v1.4.2",
    );
    expect(await auditActions(id)).toContain("case.release_version_set");

    for (const branchId of [otherBranch.id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const error = await errorOf(
        lead.release.setReleaseVersion({ reportId: id, branchId, version: "1.4.3" }),
      );
      expect(error.code).toBe("NOT_FOUND");
    }
    expect(
      (await db.releaseBranch.findUniqueOrThrow({ where: { id: otherBranch.id } })).releaseVersion,
    ).toBeNull();
    expect(
      (
        await errorOf(
          (
            await api(otherEngineer)
          ).release.setReleaseVersion({ reportId: other, branchId: otherBranch.id, version: "1.0.0" }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await errorOf(
          (
            await api(fixer)
          ).release.setReleaseVersion({ reportId: id, branchId: branch.id, version: "1.0.0" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it.each([
    ["1.4"],
    ["../1.4.2"],
    ["1.4.2/../../etc"],
    ["1.4.2\u202e"],
    ["1.4.2\u0007"],
    ["1.4.2\u0000"],
    ["1.4 .2"],
    [`1.4.2-${"a".repeat(60)}`],
    [""],
  ])("refuses the version %j", async (version) => {
    const id = await caseIn("fix-ready");
    const branch = await db.releaseBranch.create({ data: { caseId: id, name: "main" } });
    const error = await errorOf(
      (await api(pst1)).release.setReleaseVersion({ reportId: id, branchId: branch.id, version }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(
      (await db.releaseBranch.findUniqueOrThrow({ where: { id: branch.id } })).releaseVersion,
    ).toBeNull();
  });
});

describe("the release guard, end to end", () => {
  it("fix in progress → commits with LGTMs → fix ready → versions on every branch → disclosure time → released", async () => {
    const id = await caseIn("accepted");
    const lead = await api(pst1);
    const release = () => lead.cases.decide({ reportId: id, command: { type: "release" } });
    const reason = async () => (await lead.release.get({ reportId: id })).release.markReleased;

    await lead.cases.decide({ reportId: id, command: { type: "start-fix" } });
    const first = await branchWithCommits(
      id,
      "release-1.3",
      ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
      false,
    );
    const second = await branchWithCommits(
      id,
      "release-1.4",
      ["bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"],
      false,
    );
    const noLgtm = await errorOf(lead.cases.decide({ reportId: id, command: { type: "mark-fix-ready" } }));
    expect(noLgtm.message).toContain("needs an LGTM");
    for (const commit of await db.fixCommit.findMany({ where: { caseId: id } })) {
      await db.commitLgtm.create({ data: { commitId: commit.id, userId: pst1.userId, at: now } });
    }
    await lead.cases.decide({ reportId: id, command: { type: "mark-fix-ready" } });

    expect(await reason()).toEqual({
      shown: true,
      possible: false,
      reason: "Set the release version first.",
    });
    expect((await errorOf(release())).message).toBe("Set the release version first.");
    await lead.release.setReleaseVersion({ reportId: id, branchId: first.id, version: "1.3.9" });
    // One branch is not enough: the case has a release version once every branch has one.
    expect((await reason()).reason).toBe("Set the release version first.");
    await lead.release.setReleaseVersion({ reportId: id, branchId: second.id, version: "1.4.2" });
    expect((await reason()).reason).toBe("Set the public disclosure date and time first.");
    expect((await errorOf(release())).code).toBe("CONFLICT");
    await lead.release.setDisclosureTime({ reportId: id, at: at("2026-12-01T15:00:00Z") });
    expect(await reason()).toEqual({ shown: true, possible: true, reason: null });

    // Only the Fix Lead releases.
    expect(
      (await errorOf((await api(fixer)).cases.decide({ reportId: id, command: { type: "release" } }))).code,
    ).toBe("FORBIDDEN");
    expect((await release()).state).toBe("released");
    const view = await lead.release.get({ reportId: id });
    expect(view.release.releasedAt).toEqual(now);
    expect(view.release.markReleased.shown).toBe(false);
    expect(view.release.maySetVersions).toBe(false);
    expect(view.disclosure.maySet).toBe(false);
    expect(view.retrospective).toMatchObject({
      earliest: new Date(now.getTime() + DAY),
      due: new Date(now.getTime() + 3 * DAY),
      doneAt: null,
      mayComplete: true,
    });
    expect(view.close).toEqual({ shown: true, possible: true, reason: null });

    // What was released is a matter of record.
    expect(
      (await errorOf(lead.release.setReleaseVersion({ reportId: id, branchId: first.id, version: "1.3.10" })))
        .code,
    ).toBe("CONFLICT");
    expect(
      (await errorOf(lead.release.setDisclosureTime({ reportId: id, at: at("2026-12-02T15:00:00Z") }))).code,
    ).toBe("CONFLICT");
  });
});

describe("the retrospective", () => {
  it("only after the release, by the Fix Lead, once; closing ends it", async () => {
    const before = await caseIn("fix-ready");
    const lead = await api(pst1);
    expect((await errorOf(lead.release.completeRetrospective({ reportId: before }))).message).toContain(
      "comes after the release",
    );

    const id = await caseIn("released", { releasedAt: new Date(now.getTime() - DAY) });
    expect((await errorOf((await api(fixer)).release.completeRetrospective({ reportId: id }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await errorOf((await api(pst2)).release.completeRetrospective({ reportId: id }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await errorOf((await api(otherEngineer)).release.completeRetrospective({ reportId: id }))).code,
    ).toBe("NOT_FOUND");
    expect(await lead.release.completeRetrospective({ reportId: id })).toEqual({ retrospectiveAt: now });
    const view = await lead.release.get({ reportId: id });
    expect(view.retrospective).toMatchObject({ status: "done", doneAt: now, mayComplete: false });
    expect(await auditActions(id)).toContain("case.retrospective_completed");
    expect((await errorOf(lead.release.completeRetrospective({ reportId: id }))).code).toBe("CONFLICT");

    // Closing ends the Fix Team's access, and the retrospective can no longer change.
    await lead.cases.decide({ reportId: id, command: { type: "close" } });
    expect((await errorOf((await api(fixer)).release.get({ reportId: id }))).code).toBe("NOT_FOUND");
    const closed = await caseIn("released", { releasedAt: new Date(now.getTime() - DAY) });
    await lead.cases.decide({ reportId: closed, command: { type: "close" } });
    expect((await errorOf(lead.release.completeRetrospective({ reportId: closed }))).message).toContain(
      "The case is closed",
    );
  });
});
