// Issue 15, the metrics: the SQL path (loadCaseHistories → the domain) gives exactly the domain's figures for the
// same histories, on 10,000 made-up cases; only the PST sees them; the CSV has a line per case; the public record
// exists only when chosen and counts released cases only.
import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { publicRecord, summarizeMetrics, type TCaseHistory } from "@disclose/domain";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKGROUND_CRONTAB } from "./background-worker";
import { createContext } from "./context";
import { createMetricsExportHandler } from "./http/metrics-export-route";
import { createPortalCaller } from "./root";
import { adminCallerAs, TEST_ADMIN_URL } from "./test-support/admin-caller";
import { insertCaseHistories, makeCaseHistories } from "./test-support/case-histories";
import { type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { periodBounds, summarizePeriod } from "./use-cases/metrics/get-metrics";
import { loadCaseHistories } from "./use-cases/metrics/load-case-histories";
import { createPublicRecordTask, PUBLIC_RECORD_CRONTAB } from "./use-cases/metrics/public-record-task";

const now = new Date("2026-12-12T12:00:00Z");
const CASES = 10_000;

let t: TestDatabase;
let db: Db;
let histories: TCaseHistory[];
let pst: TestUserSession;
let admin: TestUserSession;
let fixTeam: TestUserSession;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  const seeded = makeCaseHistories(CASES, { now, days: 730 });
  // The domain scores the same vectors the SQL path reads.
  const { caseCvssScore } = await import("@disclose/domain");
  histories = seeded.histories.map((h) => {
    const vectors = seeded.vectorsOf.get(h.id) ?? [];
    return {
      ...h,
      cvssScore:
        caseCvssScore(vectors.map((cvssVector, i) => ({ id: String(i), cvssVector })))?.score ?? null,
    };
  });
  await insertCaseHistories(db, { ...seeded, histories });
  pst = await userWithSession(db, ["PST_MEMBER"], { now });
  admin = await userWithSession(db, ["ADMIN"], { now });
  fixTeam = await userWithSession(db, [], { now });
}, 300_000);
afterAll(async () => {
  await t?.drop();
});

const period = { from: "2024-12-12", to: "2026-12-12" };

describe("the SQL path", () => {
  it("reads back every history as it was written", async () => {
    const loaded = await loadCaseHistories(db, periodBounds(period));
    expect(loaded).toHaveLength(CASES);
    const byId = new Map(loaded.map((h) => [h.id, h]));
    for (const h of histories) {
      const back = byId.get(h.id);
      expect(back, h.id).toBeDefined();
      expect({ ...back, distributorReceipts: sortReceipts(back) }).toEqual({
        ...h,
        distributorReceipts: sortReceipts(h),
      });
    }
  });

  it("gives the domain's figures for 10,000 cases, period by period", async () => {
    const settings = { ackDeadlineHours: 48 };
    for (const p of [
      period,
      { from: "2026-01-01", to: "2026-06-30" },
      { from: "2026-12-12", to: "2026-12-12" },
    ]) {
      const fromSql = await summarizePeriod(db, p, now);
      const fromDomain = summarizeMetrics(histories, { ...periodBounds(p), now, ...settings });
      expect(fromSql).toEqual(fromDomain);
    }
    const all = await summarizePeriod(db, period, now);
    expect(all.cases).toBe(CASES);
    // The made-up cases reach every kind of figure, so the comparison above compared something.
    expect(all.milestones.every((m) => m.reached > 0)).toBe(true);
    expect(
      all.milestones.some((m) => m.adjusted["slow-down"].onTime + m.adjusted["slow-down"].late > 0),
    ).toBe(true);
    expect(all.distributors.notifications).toBeGreaterThan(100);
    expect(all.vultron.find((v) => v.id === "F-before-X")?.broken).toBeGreaterThan(0);
  });
});

function sortReceipts(h: TCaseHistory | undefined) {
  return [...(h?.distributorReceipts ?? [])].sort((a, b) => (a.organizationId < b.organizationId ? -1 : 1));
}

describe("metrics.get", () => {
  it("shows the PST the period's figures and a page of its cases, newest first", async () => {
    const caller = await adminCallerAs(db, pst, { now });
    const view = await caller.metrics.get({ ...period, page: 2 });
    expect(view.cases).toBe(CASES);
    expect(view.caseRows).toHaveLength(50);
    expect(view.page).toBe(2);
    expect(view.pages).toBe(CASES / 50);
    const times = view.caseRows.map((r) => r.receivedAt);
    expect(times).toEqual([...times].sort().reverse());
    // The page's own rows are the domain's rows of the whole period, newest first.
    const expected = summarizeMetrics(histories, { ...periodBounds(period), now })
      .rows.reverse()
      .slice(50, 100);
    expect(view.caseRows).toEqual(expected);
    // A page past the end shows the last one.
    expect((await caller.metrics.get({ ...period, page: 10_000 })).page).toBe(CASES / 50);
  });

  it("is only the PST's", async () => {
    for (const who of [admin, fixTeam]) {
      const caller = await adminCallerAs(db, who, { now });
      expect((await errorOf(caller.metrics.get(period))).code).toBe("FORBIDDEN");
    }
    expect((await errorOf((await adminCallerAs(db, null, { now })).metrics.get(period))).code).toBe(
      "UNAUTHORIZED",
    );
  });

  it.each([
    ["a date that does not exist", { from: "2026-02-30", to: "2026-03-01" }, "from"],
    ["not a date", { from: "yesterday", to: "2026-03-01" }, "from"],
    ["an end before the start", { from: "2026-03-02", to: "2026-03-01" }, "to"],
    ["more than ten years", { from: "2000-01-01", to: "2026-03-01" }, "to"],
    ["an injection", { from: "2026-01-01' OR 1=1 --", to: "2026-03-01" }, "from"],
    ["a page of 0", { from: "2026-01-01", to: "2026-03-01", page: 0 }, "page"],
    ["one end only", { from: "2026-01-01" }, "to"],
  ])("refuses %s, naming the field", async (_label, input, field) => {
    const caller = await adminCallerAs(db, pst, { now });
    const error = await errorOf(caller.metrics.get(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(field === "page" ? "page" : "");
  });
});

describe("the CSV export", () => {
  const handler = createMetricsExportHandler({ appUrl: TEST_ADMIN_URL, db: () => db, now: () => now });
  const get = (who: TestUserSession | null, query: string, headers: Record<string, string> = {}) =>
    handler(
      new Request(`${TEST_ADMIN_URL}/api/metrics.csv?${query}`, {
        headers: { ...(who ? { cookie: who.cookie } : {}), ...headers },
      }),
    );

  it("gives the PST one line per case of the period, with a header", async () => {
    const response = await get(pst, "from=2026-01-01&to=2026-06-30");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="disclose-metrics-2026-01-01-to-2026-06-30.csv"',
    );
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    const expected = summarizeMetrics(histories, {
      ...periodBounds({ from: "2026-01-01", to: "2026-06-30" }),
      now,
    });
    expect(rows).toHaveLength(expected.cases);
    const first = rows[0] as Record<string, string>;
    const row = expected.rows[0];
    expect(first.case).toBe(row?.id);
    expect(first.released_status).toBe(row?.statuses.released);
    expect(first["F-before-P"]).toBe(row?.vultron["F-before-P"]);
  });

  it("refuses others, other sites and bad periods without a 500", async () => {
    expect((await get(fixTeam, "from=2026-01-01&to=2026-06-30")).status).toBe(403);
    expect((await get(null, "from=2026-01-01&to=2026-06-30")).status).toBe(401);
    expect((await get(pst, "from=2026-01-01&to=2026-06-30", { "sec-fetch-site": "cross-site" })).status).toBe(
      403,
    );
    const bad = await get(pst, "from=2026-13-01&to=2026-06-30");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("date");
    expect((await get(pst, "from=2026-01-01")).status).toBe(400);
    // No period: the year up to today.
    const year = await get(pst, "");
    expect(year.status).toBe(200);
    expect(year.headers.get("content-disposition")).toContain(
      "disclose-metrics-2025-12-13-to-2026-12-12.csv",
    );
  });
});

describe("the public record", () => {
  const portal = async (at = now) =>
    createPortalCaller(
      await createContext({
        app: "portal",
        appUrl: "http://localhost:3000",
        db,
        now: at,
        headers: new Headers(),
      }),
    );

  it("does not exist until an admin chooses it; then counts released cases only, once a day", async () => {
    expect(await (await portal()).publicRecord.get()).toBeNull();
    expect(await db.publicMetricsSnapshot.count()).toBe(0);

    await (await adminCallerAs(db, admin, { now })).cases.updateSettings({ publicMetrics: true });
    const record = await (await portal()).publicRecord.get();
    expect(record).toEqual(publicRecord(histories, { now }));
    const released = histories.filter((h) => ["released", "closed"].includes(h.state) && h.releasedAt);
    expect(record?.releasedCases).toBe(released.length);
    expect(JSON.stringify(record)).not.toContain(histories[0]?.id);

    // A case released later in the day changes nothing before tomorrow's snapshot.
    const one = histories.find((h) => h.state === "fix-ready") as TCaseHistory;
    await db.report.update({ where: { id: one.id }, data: { state: "released" } });
    await db.case.update({ where: { id: one.id }, data: { releasedAt: now } });
    expect(
      (await (await portal(new Date(now.getTime() + 3_600_000))).publicRecord.get())?.releasedCases,
    ).toBe(released.length);
    const tomorrow = new Date(now.getTime() + 86_400_000);
    expect((await (await portal(tomorrow)).publicRecord.get())?.releasedCases).toBe(released.length + 1);

    await (await adminCallerAs(db, admin, { now })).cases.updateSettings({ publicMetrics: false });
    expect(await (await portal(tomorrow)).publicRecord.get()).toBeNull();
  });

  it("is made each day by the worker's task, and not at all while off", async () => {
    const task = createPublicRecordTask({ db, now: () => now });
    const helpers = { logger: { info: () => {} } };
    await task({}, helpers);
    expect(await db.publicMetricsSnapshot.count()).toBe(0);
    await (await adminCallerAs(db, admin, { now })).cases.updateSettings({ publicMetrics: true });
    await task({}, helpers);
    const stored = await db.publicMetricsSnapshot.findMany();
    expect(stored.map((s) => s.day.toISOString().slice(0, 10))).toEqual(["2026-12-12"]);
    expect(BACKGROUND_CRONTAB.split("\n")).toContain(PUBLIC_RECORD_CRONTAB);
    await (await adminCallerAs(db, admin, { now })).cases.updateSettings({ publicMetrics: false });
    expect(await db.publicMetricsSnapshot.count()).toBe(0);
  });

  it("is the admins' choice", async () => {
    const error = await errorOf(
      (await adminCallerAs(db, pst, { now })).cases.updateSettings({ publicMetrics: true }),
    );
    expect(error.code).toBe("FORBIDDEN");
  });
});
