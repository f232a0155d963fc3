// A case's history (issue 12): every change and every read, from the audit log, newest first, filterable; for
// the PST and the case's people only; no content.
import type { Db } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { createAdminCaller } from "./root";
import { submitTestReport } from "./test-support/reports";
import { type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { HISTORY_PAGE_SIZE } from "./use-cases/cases/list-case-history";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-12-01T12:00:00Z");

let t: TestDatabase;
let db: Db;
let pst: TestUserSession;
let reportId: string;

const admin = async (session: TestUserSession) =>
  createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now,
      headers: new Headers({ cookie: session.cookie, origin: ADMIN_URL }),
    }),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  const pstKeys = await listPstKeys({ db, now });
  ({ reportId } = await submitTestReport(db, { pstKeys, now, notifyEmail: "reporter@example.test" }));
  pst = await userWithSession(db, ["PST_MEMBER"], { now });
  const caller = await admin(pst);
  await caller.cases.get({ reportId });
  await caller.cases.decide({ reportId, command: { type: "acknowledge" } });
}, 120_000);
afterAll(() => t?.drop());

describe("a case's history", () => {
  it("lists what happened, newest first, with who did it and no content or address", async () => {
    const history = await (await admin(pst)).cases.history({ reportId });
    expect(history.events.map((e) => e.label)).toEqual([
      "State changed",
      "Read the report",
      "Report received",
    ]);
    expect(history.events[0]).toMatchObject({ kind: "change", actor: { kind: "user", id: pst.userId } });
    expect(history.events[0]?.details).toMatch(/Received → /);
    expect(history.events[2]?.actor).toEqual({ kind: "reporter", id: null, name: "The reporter" });
    expect(history.actors).toEqual([{ id: pst.userId, name: expect.stringMatching(/^User /) }]);
    expect(JSON.stringify(history)).not.toContain("@");
  });

  it("filters by kind and by person", async () => {
    const caller = await admin(pst);
    const reads = await caller.cases.history({ reportId, kind: "read" });
    expect(reads.events.map((e) => e.label)).toEqual(["Read the report"]);
    const byReporter = await caller.cases.history({ reportId, actor: "reporter" });
    expect(byReporter.events.map((e) => e.label)).toEqual(["Report received"]);
    const byPst = await caller.cases.history({ reportId, actor: pst.userId, kind: "change" });
    expect(byPst.events.map((e) => e.label)).toEqual(["State changed"]);
  });

  it("pages back through a long history", async () => {
    const caller = await admin(pst);
    for (let i = 0; i < HISTORY_PAGE_SIZE; i++) await caller.cases.get({ reportId });
    const first = await caller.cases.history({ reportId });
    expect(first.events).toHaveLength(HISTORY_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    const next = await caller.cases.history({ reportId, before: first.events.at(-1)?.seq });
    expect(next.hasMore).toBe(false);
    expect(next.events.map((e) => e.label)).toContain("Report received");
  });

  it.each([
    ["an admin", ["ADMIN"] as const],
    ["a PST-less staff member", [] as const],
  ])("is NOT_FOUND for %s", async (_label, roles) => {
    const other = await userWithSession(db, [...roles], { now });
    expect(await errorOf((await admin(other)).cases.history({ reportId }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it.each([
    ["a wrong id", { reportId: "00000000-0000-4000-8000-000000000000" }, "NOT_FOUND"],
    ["a non-id", { reportId: "'; DROP TABLE reports; --" }, "NOT_FOUND"],
    ["a bad position", { before: "-1" }, "BAD_REQUEST"],
    ["an unknown kind", { kind: "everything" }, "BAD_REQUEST"],
  ])("refuses %s clearly", async (_label, input, code) => {
    const error = await errorOf(
      (await admin(pst)).cases.history({ reportId, ...input } as Parameters<
        Awaited<ReturnType<typeof admin>>["cases"]["history"]
      >[0]),
    );
    expect(error).toMatchObject({ code });
  });
});
