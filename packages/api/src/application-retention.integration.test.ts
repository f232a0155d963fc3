// Issue 13: an applicant's personal data is not kept for ever. Once an application is decided and the retention
// days have passed, the applicant's name and address and the voucher's address go (and a rejected application's
// security contact); the organisation's answers stay.
import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApplication } from "./test-support/review-applications";
import { eraseDecidedApplications } from "./use-cases/retention/erase-decided-applications";

const DAY = 86_400_000;
const now = new Date("2026-12-20T03:17:00Z");

let t: TestDatabase;
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterAll(() => t?.drop());

async function decided(status: "approved" | "rejected" | "submitted", daysAgo: number) {
  const app = await createTestApplication(db);
  if (status !== "submitted") {
    await db.distributorApplication.update({
      where: { id: app.id },
      data: { status, decidedAt: new Date(now.getTime() - daysAgo * DAY), decisionReason: "Decided." },
    });
  }
  return app.id;
}

describe("applicant data retention", () => {
  it("erases the personal data of applications decided before the cutoff, once, and keeps the rest", async () => {
    const oldRejected = await decided("rejected", 91);
    const oldApproved = await decided("approved", 120);
    const recent = await decided("rejected", 89);
    const open = await decided("submitted", 0);
    expect(await eraseDecidedApplications({ db, now, retentionDays: 90 })).toEqual({ applications: 2 });
    const row = (id: string) => db.distributorApplication.findUniqueOrThrow({ where: { id } });
    expect(await row(oldRejected)).toMatchObject({
      applicantName: "",
      applicantEmail: "",
      voucherEmail: "",
      securityContact: "",
    });
    const approved = await row(oldApproved);
    expect(approved).toMatchObject({ applicantName: "", applicantEmail: "", voucherEmail: "" });
    // The organisation's contact and answers are the list's, not the applicant's.
    expect(approved.securityContact).toMatch(/@example\.org$/);
    expect(Object.keys(approved.answers as object).length).toBeGreaterThan(0);
    for (const id of [recent, open]) expect((await row(id)).applicantEmail).toMatch(/@example\.org$/);
    expect(await eraseDecidedApplications({ db, now, retentionDays: 90 })).toEqual({ applications: 0 });
    expect(
      await db.auditEvent.count({ where: { action: "distributor.applications_personal_data_erased" } }),
    ).toBe(1);
  });
});
