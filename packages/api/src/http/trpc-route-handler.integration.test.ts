import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRouter } from "../root";
import { createTrpcRouteHandler } from "./trpc-route-handler";

const ADMIN_URL = "http://localhost:3001";
let test: TestDatabase;
let handler: (req: Request) => Promise<Response>;

beforeAll(async () => {
  test = await createTestDatabase();
  const db: Db = test.db;
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
