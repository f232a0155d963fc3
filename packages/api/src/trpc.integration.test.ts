import { createHash } from "node:crypto";
import type { Db, Role } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createContext } from "./context";
import { adminRouter } from "./root";
import { userWithSession as userWithSessionIn } from "./test-support/sessions";
import { adminProcedure, createCallerFactory, createTRPCRouter, pstProcedure } from "./trpc";

const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-24T12:00:00Z");

let test: TestDatabase;
let db: Db;

beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
});
afterAll(() => test.drop());

const userWithSession = (roles: Role[], options: { active?: boolean; expires?: Date } = {}) =>
  userWithSessionIn(db, roles, { ...options, now });

async function ctxFor(headers: Record<string, string> = {}) {
  return createContext({ app: "admin", appUrl: ADMIN_URL, db, now, headers: new Headers(headers) });
}

const callAdmin = createCallerFactory(adminRouter);

async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"], appCode?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (appCode) expect(((error as TRPCError).cause as { code?: string } | undefined)?.code).toBe(appCode);
}

describe("health", () => {
  it("round-trips the database", async () => {
    const health = await callAdmin(await ctxFor()).health.check();
    expect(health.status).toBe("ok");
    expect(health.database.ok).toBe(true);
    expect(health.checkedAt).toEqual(now);
  });
});

describe("the procedure ladder", () => {
  it("refuses a staff procedure without a session", async () => {
    await expectTrpcError(callAdmin(await ctxFor()).account.me(), "UNAUTHORIZED", "UNAUTHENTICATED");
  });

  it.each([
    ["an unknown token", "next-auth.session-token=not-a-session"],
    ["an empty token", "next-auth.session-token="],
    ["a garbage cookie header", ";;;=;=="],
    ["a token in the wrong cookie", "session=whatever"],
  ])("refuses %s", async (_label, cookie) => {
    await expectTrpcError(callAdmin(await ctxFor({ cookie })).account.me(), "UNAUTHORIZED");
  });

  it("refuses an expired session and a deactivated user's session", async () => {
    const expired = await userWithSession(["PST_MEMBER"], { expires: new Date(now.getTime() - 1) });
    await expectTrpcError(callAdmin(await ctxFor({ cookie: expired.cookie })).account.me(), "UNAUTHORIZED");
    const inactive = await userWithSession(["PST_MEMBER"], { active: false });
    await expectTrpcError(callAdmin(await ctxFor({ cookie: inactive.cookie })).account.me(), "UNAUTHORIZED");
  });

  it("resolves a valid session with its roles", async () => {
    const member = await userWithSession(["PST_MEMBER"]);
    const me = await callAdmin(await ctxFor({ cookie: member.cookie })).account.me();
    expect(me).toMatchObject({ userId: member.userId, roles: ["PST_MEMBER"] });
  });

  it("lets role procedures through only for the roles they name", async () => {
    const router = createTRPCRouter({
      adminOnly: adminProcedure.query(() => "admin"),
      pstOnly: pstProcedure.query(() => "pst"),
    });
    const call = createCallerFactory(router);
    const admin = await userWithSession(["ADMIN"]);
    const pst = await userWithSession(["PST_MEMBER"]);
    const distributor = await userWithSession(["DISTRIBUTOR_MEMBER"]);
    const none = await userWithSession([]);

    expect(await call(await ctxFor({ cookie: admin.cookie })).adminOnly()).toBe("admin");
    expect(await call(await ctxFor({ cookie: pst.cookie })).pstOnly()).toBe("pst");
    await expectTrpcError(call(await ctxFor({ cookie: pst.cookie })).adminOnly(), "FORBIDDEN", "FORBIDDEN");
    for (const who of [distributor, none]) {
      await expectTrpcError(call(await ctxFor({ cookie: who.cookie })).pstOnly(), "FORBIDDEN", "FORBIDDEN");
      await expectTrpcError(call(await ctxFor({ cookie: who.cookie })).adminOnly(), "FORBIDDEN", "FORBIDDEN");
    }
  });
});

describe("mutations", () => {
  it.each([
    ["no Origin", {}],
    ["another site", { origin: "https://attacker.example" }],
    ["the portal", { origin: "http://localhost:3000" }],
    ["an opaque origin", { origin: "null" }],
  ])("are refused from %s even with a valid session", async (_label, headers) => {
    const member = await userWithSession(["PST_MEMBER"]);
    await expectTrpcError(
      callAdmin(await ctxFor({ ...headers, cookie: member.cookie })).account.signOut(),
      "FORBIDDEN",
      "CROSS_SITE_REQUEST",
    );
    expect(await db.session.count({ where: { id: member.sessionId } })).toBe(1);
  });

  it("sign-out ends the session at once and is audited", async () => {
    const member = await userWithSession(["PST_MEMBER"]);
    const ctx = await ctxFor({ origin: ADMIN_URL, cookie: member.cookie });
    expect(await callAdmin(ctx).account.signOut()).toEqual({ signedOut: true });

    await expectTrpcError(callAdmin(await ctxFor({ cookie: member.cookie })).account.me(), "UNAUTHORIZED");
    const audit = await db.auditEvent.findFirst({
      where: { action: "session.signed_out", subjectId: member.sessionId },
    });
    expect(audit).toMatchObject({ actorId: member.userId, actorKind: "user" });
  });

  it("never leaks a server error's details", async () => {
    const router = createTRPCRouter({
      boom: adminProcedure.query(() => {
        throw new Error(`secret ${createHash("sha256").update("x").digest("hex")}`);
      }),
    });
    const admin = await userWithSession(["ADMIN"]);
    const { fetchRequestHandler } = await import("@trpc/server/adapters/fetch");
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`${ADMIN_URL}/api/trpc/boom`, { headers: { cookie: admin.cookie } }),
      router,
      createContext: () => ctxFor({ cookie: admin.cookie }),
      onError: () => {},
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("secret");
    expect(text).toContain("Something went wrong");
  });

  it("names a refused input's first problem in words, with its field, not as JSON", async () => {
    const router = createTRPCRouter({
      rename: adminProcedure
        .input(z.object({ name: z.string().min(2, "A name has at least 2 characters.") }))
        .mutation(() => "ok"),
    });
    const admin = await userWithSession(["ADMIN"]);
    const { fetchRequestHandler } = await import("@trpc/server/adapters/fetch");
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`${ADMIN_URL}/api/trpc/rename`, {
        method: "POST",
        headers: { cookie: admin.cookie, origin: ADMIN_URL, "content-type": "application/json" },
        body: JSON.stringify({ json: { name: "x" } }),
      }),
      router,
      createContext: () => ctxFor({ cookie: admin.cookie, origin: ADMIN_URL }),
      onError: () => {},
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { json: { message: string; data: { appDetails?: unknown } } };
    };
    expect(body.error.json.message).toBe("A name has at least 2 characters.");
    expect(body.error.json.data.appDetails).toEqual({ field: "name" });
  });
});
