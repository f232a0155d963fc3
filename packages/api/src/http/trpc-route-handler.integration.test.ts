import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthOptions } from "../auth/next-auth";
import { hashSessionToken } from "../auth/session-token";
import { totpCodeAt } from "../auth/totp";
import { adminRouter } from "../root";
import { nextAuthBrowser, nextAuthSetCookie, type TAuthCookie } from "../test-support/next-auth";
import { createTrpcRouteHandler } from "./trpc-route-handler";

const ADMIN_URL = "http://localhost:3001";
let test: TestDatabase;
let db: Db;
let handler: (req: Request) => Promise<Response>;

beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await installJobQueue(test.url);
  handler = createTrpcRouteHandler({ app: "admin", appUrl: ADMIN_URL, router: adminRouter, db: () => db });
});
afterAll(() => test.drop());

function multipartPost(origin: string | null): Request {
  const body = new FormData();
  body.set("input", '{"json":null}');
  const headers = new Headers();
  if (origin !== null) headers.set("origin", origin);
  return new Request(`${ADMIN_URL}/api/trpc/account.signOut`, { method: "POST", headers, body });
}

describe("the tRPC route handler", () => {
  it.each([
    ["a cross-site multipart/form-data POST", "https://attacker.example"],
    ["a POST without Origin", null],
    ["a POST from a look-alike host", "http://localhost:3001.attacker.example"],
    ["a POST from the other app", "http://localhost:3000"],
  ])("answers 403 to %s before reading the body", async (_label, origin) => {
    const response = await handler(multipartPost(origin));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: "CROSS_SITE_REQUEST", message: "This request did not come from this site." },
    });
  });

  it.each(["PUT", "PATCH", "DELETE"])("refuses a cross-site %s too", async (method) => {
    const response = await handler(
      new Request(`${ADMIN_URL}/api/trpc/account.signOut`, {
        method,
        headers: { origin: "https://x.example" },
      }),
    );
    expect(response.status).toBe(403);
  });

  it("lets a same-origin mutation reach the procedure (which then asks for a session)", async () => {
    const response = await handler(
      new Request(`${ADMIN_URL}/api/trpc/account.signOut`, {
        method: "POST",
        headers: { origin: ADMIN_URL, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(response.status).toBe(401);
  });

  it("serves queries over GET from anywhere (they change nothing)", async () => {
    const response = await handler(new Request(`${ADMIN_URL}/api/trpc/health.check`));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { json: { database: { ok: boolean } } } } };
    expect(body.result.data.json.database.ok).toBe(true);
  });
});

describe("the second factor over HTTP", () => {
  /** Signs in through next-auth's own handler, as a browser does; returns the session cookie it set. */
  async function signIn(email: string): Promise<TAuthCookie> {
    const browser = nextAuthBrowser(createAuthOptions({ db: () => db }), ADMIN_URL);
    await browser.requestLink(email);
    const mail = await db.outboxMessage.findFirstOrThrow({
      where: { toAddress: email },
      orderBy: { createdAt: "desc" },
    });
    const link = mail.textBody.match(/http\S+\/api\/auth\/callback\/email\S+/)?.[0] ?? "";
    const cookie = (await browser.openLink(link)).cookies?.find((c) => c.name === "next-auth.session-token");
    if (!cookie) throw new Error("next-auth set no session cookie");
    return cookie;
  }

  const trpc = (procedure: string, cookie: string, input?: unknown) =>
    handler(
      new Request(`${ADMIN_URL}/api/trpc/${procedure}`, {
        method: input === undefined ? "GET" : "POST",
        headers: {
          origin: ADMIN_URL,
          cookie: `next-auth.session-token=${cookie}`,
          ...(input === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(input === undefined ? {} : { body: JSON.stringify({ json: input }) }),
      }),
    );
  const dataOf = async <T>(response: Response) =>
    ((await response.json()) as { result: { data: { json: T } } }).result.data.json;

  /** The new session token a response sets, checked to be the cookie next-auth would set for that session. */
  function renewedToken(response: Response, signedIn: TAuthCookie): string {
    const set = response.headers.getSetCookie();
    expect(set).toHaveLength(1);
    const token = set[0]?.match(/^next-auth\.session-token=([^;]+);/)?.[1] ?? "";
    expect(token).not.toBe("");
    expect(token).not.toBe(signedIn.value);
    // Same name, HttpOnly, SameSite=Lax, path, (no) Secure and expiry as the cookie next-auth issued.
    expect(set[0]).toBe(nextAuthSetCookie({ ...signedIn, value: token }));
    return token;
  }

  it("issues a new session token when the factor passes: the old cookie opens nothing, the new one does", async () => {
    const user = await db.user.create({ data: { email: "rotate@example.test", name: "Rotate" } });
    const signedIn = await signIn(user.email);
    expect(signedIn.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: false });

    // Enrolment passes the second factor too.
    const started = await trpc("auth.startTotpEnrollment", signedIn.value, null);
    expect(started.status).toBe(200);
    const { secretBase32 } = await dataOf<{ secretBase32: string }>(started);
    const confirmed = await trpc("auth.confirmTotpEnrollment", signedIn.value, {
      code: totpCodeAt(secretBase32, new Date()),
    });
    expect(confirmed.status).toBe(200);
    const afterEnrolment = renewedToken(confirmed, signedIn);
    const { recoveryCodes } = await dataOf<{ recoveryCodes: string[] }>(confirmed);
    // auth.status answers any live session, passed or not: the old token is no session at all.
    expect((await trpc("auth.status", signedIn.value)).status).toBe(401);
    expect((await trpc("account.me", afterEnrolment)).status).toBe(200);
    expect(await db.session.count({ where: { sessionToken: hashSessionToken(signedIn.value) } })).toBe(0);

    // And every later sign-in's second factor.
    const again = await signIn(user.email);
    expect((await trpc("account.me", again.value)).status).toBe(401); // not past the second factor yet
    const verified = await trpc("auth.verifySecondFactor", again.value, { code: recoveryCodes[0] });
    expect(verified.status).toBe(200);
    expect(await dataOf(verified)).toEqual({ method: "recovery-code", recoveryCodesLeft: 9 });
    const afterVerify = renewedToken(verified, again);
    expect((await trpc("auth.status", again.value)).status).toBe(401);
    expect((await trpc("account.me", afterVerify)).status).toBe(200);
    // The new session keeps the old one's expiry, and only its token's hash is stored.
    const row = await db.session.findUniqueOrThrow({
      where: { sessionToken: hashSessionToken(afterVerify) },
    });
    expect(row.expires.getTime()).toBe(again.options.expires?.getTime());
    expect(row.secondFactorAt).not.toBeNull();
    // The first session is untouched by the second's factor.
    expect((await trpc("account.me", afterEnrolment)).status).toBe(200);
  });

  it("sets no cookie and keeps the session when the code is wrong", async () => {
    const user = await db.user.create({ data: { email: "wrong-code@example.test", name: "Wrong" } });
    const signedIn = await signIn(user.email);
    const { secretBase32 } = await dataOf<{ secretBase32: string }>(
      await trpc("auth.startTotpEnrollment", signedIn.value, null),
    );
    const now = Date.now();
    const valid = [-1, 0, 1].map((step) => totpCodeAt(secretBase32, new Date(now + step * 30_000)));
    const wrong = ["000000", "111111", "222222", "333333"].find((c) => !valid.includes(c));
    const refused = await trpc("auth.confirmTotpEnrollment", signedIn.value, { code: wrong });
    expect(refused.status).toBe(400);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect((await trpc("auth.status", signedIn.value)).status).toBe(200);
  });
});
