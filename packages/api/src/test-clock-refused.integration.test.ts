// The test clock exists only in test mode: without DISCLOSE_TEST_CLOCK=1, or in production even with it, the route
// answers 404 for everything, the clock cannot be moved, and an offset left in the table moves nothing.
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const ADMIN_URL = "http://localhost:3001";
const wall = new Date("2027-06-01T12:00:00Z");

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // An offset from an earlier test-mode run must be ignored.
  await t.db.testClock.upsert({
    where: { id: 1 },
    create: { id: 1, offsetMs: 86_400_000n },
    update: { offsetMs: 86_400_000n },
  });
}, 120_000);
afterAll(() => t?.drop());

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

/** The modules afresh under `env` (apiEnv() keeps the environment it read first). */
async function load(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const route = await import("./http/test-clock-route");
  const clock = await import("./case-clock");
  return { ...route, ...clock };
}

describe.each([
  ["without DISCLOSE_TEST_CLOCK", { DISCLOSE_TEST_CLOCK: undefined, DISCLOSE_ENV: undefined }],
  ["with DISCLOSE_TEST_CLOCK=0", { DISCLOSE_TEST_CLOCK: "0", DISCLOSE_ENV: undefined }],
  [
    "in production, even with DISCLOSE_TEST_CLOCK=1",
    { DISCLOSE_TEST_CLOCK: "1", DISCLOSE_ENV: "production" },
  ],
])("the test clock %s", (_label, env) => {
  it("does not exist: 404 for GET and POST, no move, the case clock is the wall clock", async () => {
    const m = await load(env);
    expect(m.testClockEnabled()).toBe(false);
    const request = (method: string) =>
      new Request(`${ADMIN_URL}/api/test-clock`, {
        method,
        headers: { origin: ADMIN_URL, "content-type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify({ advanceMs: 3_600_000 }) } : {}),
      });
    for (const method of ["GET", "POST"]) {
      const response = await m.testClockResponse(request(method), { db: t.db, now: wall, appUrl: ADMIN_URL });
      expect(response.status, method).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
    await expect(m.advanceTestClock(t.db, 3_600_000)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await m.caseClockNow(t.db, wall)).toEqual(wall);
    expect(await m.testClockOffsetMs(t.db)).toBe(0);
    expect((await t.db.testClock.findUniqueOrThrow({ where: { id: 1 } })).offsetMs).toBe(86_400_000n);
  });
});

it("is there in test mode (the same modules, DISCLOSE_TEST_CLOCK=1 outside production)", async () => {
  const m = await load({ DISCLOSE_TEST_CLOCK: "1", DISCLOSE_ENV: undefined });
  expect(m.testClockEnabled()).toBe(true);
  expect(await m.caseClockNow(t.db, wall)).toEqual(new Date(wall.getTime() + 86_400_000));
});
