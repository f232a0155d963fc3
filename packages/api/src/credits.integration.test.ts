// Issue 14: the reporter's credit (offered by the Fix Lead or the PST, accepted with the reporter's chosen name or
// declined on the tracking page) and the CVE state the tracking page shows. Audited without names.
import { randomBytes } from "node:crypto";
import type { Db } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { PEER_HEADER } from "./http/peer";
import { createPortalCaller } from "./root";
import { adminCallerAs } from "./test-support/admin-caller";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { creditsForAdvisory } from "./use-cases/credits/credits-for-advisory";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const PORTAL_URL = "http://localhost:3000";
const now = new Date("2026-11-30T12:00:00Z");

let t: TestDatabase;
let db: Db;
let lead: TestUserSession;
let otherPst: TestUserSession;
let fixer: TestUserSession;
let outsider: TestUserSession;

const api = (session: TestUserSession) => adminCallerAs(db, session, { now });

async function portal() {
  return createPortalCaller(
    await createContext({
      app: "portal",
      appUrl: PORTAL_URL,
      db,
      now,
      headers: new Headers({
        origin: PORTAL_URL,
        [PEER_HEADER]: `10.8.${randomBytes(1)[0]}.${randomBytes(1)[0]}`,
      }),
    }),
  );
}

async function acceptedCase(count = 1) {
  const report = await submitTestReport(db, {
    pstKeys: await listPstKeys({ db, now }),
    now,
  });
  const id = report.reportId;
  await db.report.update({ where: { id }, data: { state: "accepted", fixLeadId: lead.userId } });
  await db.caseMember.create({ data: { reportId: id, userId: fixer.userId } });
  await db.case.create({
    data: {
      id,
      openedAt: now,
      vulnerabilities: { create: Array.from({ length: count }, (_, i) => ({ position: i + 1 })) },
    },
  });
  const vulns = (
    await db.vulnerability.findMany({ where: { caseId: id }, orderBy: { position: "asc" } })
  ).map((v) => v.id);
  return { reportId: id, vulns, token: report.trackingToken };
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  lead = await sessionFor(db, "pst1@demo.disclose.test", { now });
  otherPst = await sessionFor(db, "pst2@demo.disclose.test", { now });
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  outsider = await userWithSession(db, [], { now });
}, 120_000);
afterAll(() => t?.drop());

describe("the reporter's credit", () => {
  it("is offered by the Fix Lead, accepted by the reporter with their own name, and prefills the advisory", async () => {
    const c = await acceptedCase();
    const asLead = await api(lead);
    expect((await asLead.cveRequests.credit({ reportId: c.reportId })).offer).toBeNull();
    const offer = await asLead.cveRequests.offerCredit({ reportId: c.reportId, name: "  Ada L. " });
    expect(offer).toMatchObject({
      status: "offered",
      offeredName: "Ada L.",
      creditType: "finder",
      name: null,
    });
    // Changed before the reporter answers.
    await asLead.cveRequests.offerCredit({
      reportId: c.reportId,
      name: "Ada Lovelace",
      creditType: "reporter",
    });
    let view = await (await portal()).tracking.view({ token: c.token });
    expect(view.creditOffer).toMatchObject({
      status: "offered",
      offeredName: "Ada Lovelace",
      creditType: "reporter",
    });
    expect(await creditsForAdvisory(db, c.reportId)).toEqual([]);

    const accepted = await (await portal()).tracking.decideCredit({
      token: c.token,
      decision: "accept",
      name: "Ada Lovelace (Analytical Engines Ltd)",
    });
    expect(accepted).toMatchObject({ status: "accepted", name: "Ada Lovelace (Analytical Engines Ltd)" });
    view = await (await portal()).tracking.view({ token: c.token });
    expect(view.creditOffer?.status).toBe("accepted");
    const admin = await asLead.cveRequests.credit({ reportId: c.reportId });
    expect(admin).toMatchObject({ offer: { status: "accepted" }, mayOffer: false });
    expect(await creditsForAdvisory(db, c.reportId)).toEqual([
      { name: "Ada Lovelace (Analytical Engines Ltd)", type: "reporter" },
    ]);
    // Decided once; the team cannot change it after.
    expect(
      await errorOf((await portal()).tracking.decideCredit({ token: c.token, decision: "decline" })),
    ).toMatchObject({ code: "CONFLICT", message: "You already accepted this credit." });
    expect(
      await errorOf(asLead.cveRequests.offerCredit({ reportId: c.reportId, name: "Someone else" })),
    ).toMatchObject({ code: "CONFLICT" });
    const audit = await db.auditEvent.findMany({
      where: { subjectId: c.reportId, action: { in: ["case.credit_offered", "report.credit_accepted"] } },
    });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "case.credit_offered",
      "case.credit_offered",
      "report.credit_accepted",
    ]);
    expect(JSON.stringify(audit.map((a) => a.data))).not.toContain("Ada");
  });

  it("may be declined, and is then never published", async () => {
    const c = await acceptedCase();
    await (await api(otherPst)).cveRequests.offerCredit({ reportId: c.reportId, name: "Ada" });
    const declined = await (await portal()).tracking.decideCredit({ token: c.token, decision: "decline" });
    expect(declined).toMatchObject({ status: "declined", name: null });
    expect(await creditsForAdvisory(db, c.reportId)).toEqual([]);
    expect((await (await api(lead)).cveRequests.credit({ reportId: c.reportId })).offer?.status).toBe(
      "declined",
    );
  });

  it("refuses hostile input, wrong links and people off the case", async () => {
    const c = await acceptedCase();
    const asLead = await api(lead);
    for (const name of ["", "   ", "x".repeat(201), "Ada\nBcc: evil@example.org", "Ada\u202Eevil"]) {
      expect((await errorOf(asLead.cveRequests.offerCredit({ reportId: c.reportId, name }))).code).toBe(
        "BAD_REQUEST",
      );
    }
    expect(
      (
        await errorOf(
          asLead.cveRequests.offerCredit({
            reportId: c.reportId,
            name: "Ada",
            creditType: "overlord" as "finder",
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      await errorOf((await api(fixer)).cveRequests.offerCredit({ reportId: c.reportId, name: "Ada" })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      (await errorOf((await api(outsider)).cveRequests.offerCredit({ reportId: c.reportId, name: "Ada" })))
        .code,
    ).toBe("NOT_FOUND");
    // Nothing offered yet.
    expect(
      await errorOf((await portal()).tracking.decideCredit({ token: c.token, decision: "accept" })),
    ).toMatchObject({ code: "CONFLICT", message: "No credit was offered for this report." });
    await asLead.cveRequests.offerCredit({ reportId: c.reportId, name: "Ada" });
    // A wrong or malformed token is NOT_FOUND like any other tracking call.
    for (const token of [`${c.reportId}.${"A".repeat(43)}`, "garbage", `${c.token}x`]) {
      expect(
        (await errorOf((await portal()).tracking.decideCredit({ token, decision: "accept" }))).code,
      ).toBe("NOT_FOUND");
    }
    expect(
      (
        await errorOf(
          (await portal()).tracking.decideCredit({ token: c.token, decision: "accept", name: "A\u0007" }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      (
        await errorOf(
          (await portal()).tracking.decideCredit({ token: c.token, decision: "maybe" as "accept" }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    // An empty name accepts the offered one.
    expect(
      await (await portal()).tracking.decideCredit({ token: c.token, decision: "accept", name: "  " }),
    ).toMatchObject({ status: "accepted", name: "Ada" });
  });
});

describe("the tracking page's CVE state", () => {
  it("shows each vulnerability's CVE request in the reporter's words, without the reference", async () => {
    const c = await acceptedCase(2);
    const [v1, v2] = c.vulns as [string, string];
    const asLead = await api(lead);
    expect((await (await portal()).tracking.view({ token: c.token })).cveRequests).toEqual([]);
    await asLead.cveRequests.record({
      reportId: c.reportId,
      vulnerabilityId: v1,
      cna: "github",
      reference: "https://github.com/example/lib/security/advisories/GHSA-secr-etxx-xxxx",
    });
    await asLead.cveRequests.record({ reportId: c.reportId, vulnerabilityId: v2, cna: "mitre" });
    await asLead.cveRequests.update({
      reportId: c.reportId,
      vulnerabilityId: v2,
      to: "reserved",
      cveId: "CVE-2026-1234",
    });
    const view = await (await portal()).tracking.view({ token: c.token });
    expect(view.cveRequests).toEqual([
      { position: 1, state: "requested", text: "CVE requested from GitHub" },
      { position: 2, state: "reserved", text: "CVE-2026-1234 reserved" },
    ]);
    expect(JSON.stringify(view)).not.toContain("GHSA-secr");
  });
});
