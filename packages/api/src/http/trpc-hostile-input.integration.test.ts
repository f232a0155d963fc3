import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import type { AnyTRPCProcedure, AnyTRPCRouter } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRouter, portalRouter } from "../root";
import { type TestUserSession, userWithSession } from "../test-support/sessions";
import { DEFAULT_MAX_BODY_BYTES } from "../trpc";
import { createTrpcRouteHandler, maxBodyBytesOf } from "./trpc-route-handler";

// Every procedure of both routers, found from the routers themselves: a new procedure is covered the day it is
// added, with no list here to update.
const APPS = [
  { app: "admin", url: "http://localhost:3001", router: adminRouter },
  { app: "portal", url: "http://localhost:3000", router: portalRouter },
] as const;

function proceduresOf(router: AnyTRPCRouter): [string, AnyTRPCProcedure][] {
  return Object.entries(router._def.procedures as Record<string, AnyTRPCProcedure>);
}

let test: TestDatabase;
let staff: TestUserSession;
const handlers = new Map<string, (req: Request) => Promise<Response>>();

beforeAll(async () => {
  test = await createTestDatabase();
  const db: Db = test.db;
  for (const { app, url, router } of APPS) {
    handlers.set(app, createTrpcRouteHandler({ app, appUrl: url, router, db: () => db }));
  }
  // Every role at once: the most a session can reach.
  staff = await userWithSession(db, ["ADMIN", "PST_MEMBER", "DISTRIBUTOR_MEMBER"]);
});
afterAll(() => test.drop());

/** A JSON body of exactly `bytes` bytes: `{"json":{"pad":"aaa…"}}`. */
function jsonBodyOf(bytes: number): string {
  const frame = '{"json":{"pad":""}}';
  return `${frame.slice(0, -3)}${"a".repeat(bytes - frame.length)}"}}`;
}

function post(
  url: string,
  path: string,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Request {
  return new Request(`${url}/api/trpc/${path}`, {
    method: "POST",
    headers: { origin: url, "content-type": "application/json", ...headers },
    body,
    // A streamed body needs it; harmless for the others.
    duplex: "half",
  } as RequestInit);
}

describe.each(APPS)(
  "$app: every procedure refuses a body over its limit with 413",
  ({ app, url, router }) => {
    const cases = proceduresOf(router).map(([path]) => ({ path, limit: maxBodyBytesOf(router, path) }));

    it("has procedures, and the default limit applies where none is declared", () => {
      expect(cases.length).toBeGreaterThan(3);
      expect(cases.some((c) => c.limit === DEFAULT_MAX_BODY_BYTES)).toBe(true);
    });

    it.each(cases)(
      "$path: one byte over $limit bytes, declared in Content-Length",
      async ({ path, limit }) => {
        const response = await handlers.get(app)!(post(url, path, jsonBodyOf(limit + 1)));
        expect(response.status).toBe(413);
        expect(response.headers.get("cache-control")).toBe("no-store");
        const body = (await response.json()) as {
          error: { json: { message: string; data: { code: string } } };
        };
        expect(body.error.json.data.code).toBe("PAYLOAD_TOO_LARGE");
        expect(body.error.json.message).toMatch(/larger than the .* this action accepts/);
      },
    );

    it.each(cases)("$path: one byte over, with a Content-Length that lies", async ({ path, limit }) => {
      const response = await handlers.get(app)!(
        post(url, path, jsonBodyOf(limit + 1), { "content-length": "12" }),
      );
      expect(response.status).toBe(413);
    });

    it.each(cases)("$path: one byte over, streamed without a Content-Length", async ({ path, limit }) => {
      const bytes = new TextEncoder().encode(jsonBodyOf(limit + 1));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          // In pieces, as a chunked upload arrives.
          for (let i = 0; i < bytes.length; i += 16 * 1024) controller.enqueue(bytes.slice(i, i + 16 * 1024));
          controller.close();
        },
      });
      const response = await handlers.get(app)!(post(url, path, stream));
      expect(response.status).toBe(413);
    });

    it.each(cases)("$path: a body of exactly $limit bytes is read", async ({ path, limit }) => {
      const response = await handlers.get(app)!(post(url, path, jsonBodyOf(limit)));
      expect(response.status).not.toBe(413);
      expect(response.status).toBeLessThan(500);
    });
  },
);

// Hostile inputs, each sent to every procedure (anonymous, and with a session holding every role). A refusal
// must be a 4xx; a 500 means something unchecked reached the database or the code.
const NUL = "\u0000";
const UNICODE_EDGES = [
  "\ud800", // a lone surrogate
  "\udfff\ud800",
  "\uffff\ufffe",
  "\u202e\u2066override",
  "👩‍👩‍👧‍👦".repeat(100),
  "e\u0301".repeat(500),
  "\u0085\u2028\u2029",
];

/** Field names of an object input schema (zod), so hostile values land where a procedure looks. */
function fieldsOf(procedure: AnyTRPCProcedure): string[] {
  const fields = new Set<string>();
  for (const parser of procedure._def.inputs as unknown[]) {
    let schema = parser as { shape?: Record<string, unknown>; def?: { innerType?: unknown; in?: unknown } };
    for (let i = 0; i < 5 && !schema.shape && schema.def; i++) {
      schema = (schema.def.innerType ?? schema.def.in) as typeof schema;
      if (!schema) break;
    }
    for (const key of Object.keys(schema?.shape ?? {})) fields.add(key);
  }
  return [...fields];
}

function hostileInputs(fields: string[]): { label: string; raw: string }[] {
  const each = (value: unknown) => Object.fromEntries(fields.map((f) => [f, value]));
  const json = (label: string, value: unknown) => ({ label, raw: JSON.stringify({ json: value }) });
  const inputs = [
    { label: "invalid JSON", raw: '{"json": {' },
    { label: "not JSON at all", raw: "\u0000\u0001\u0002" },
    { label: "a bare string", raw: '"hello"' },
    { label: "JSON null", raw: "null" },
    { label: "nested 20,000 deep", raw: `${"[".repeat(20_000)}${"]".repeat(20_000)}` },
    json("null", null),
    json("an array instead of an object", [1, 2, 3]),
    json("a number", 1e308),
    json("a string with NUL", NUL),
    json("an empty object", {}),
    json(
      "a prototype key",
      JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}'),
    ),
    {
      label: "superjson meta asking for odd types",
      raw: JSON.stringify({
        json: each("x"),
        meta: { values: Object.fromEntries(fields.map((f) => [f, ["bigint"]])) },
      }),
    },
    {
      label: "superjson meta with an invalid date",
      raw: JSON.stringify({
        json: each("not a date"),
        meta: { values: Object.fromEntries(fields.map((f) => [f, ["Date"]])) },
      }),
    },
  ];
  if (fields.length > 0) {
    inputs.push(
      json("NUL in every field", each(`a${NUL}b`)),
      json("NUL in a URL, an email and an id", each(`https://example.org/${NUL}`)),
      json("an email with NUL", each(`reporter${NUL}@example.org`)),
      json("a uuid with NUL", each(`00000000-0000-4000-8000-00000000000${NUL}`)),
      json("huge strings", each("x".repeat(Math.floor(DEFAULT_MAX_BODY_BYTES / (fields.length + 1)) - 64))),
      json("arrays where strings are expected", each(["a", "b"])),
      json("objects where strings are expected", each({ a: 1 })),
      json("numbers where strings are expected", each(-1)),
      json("booleans", each(true)),
      json("nulls", each(null)),
      ...UNICODE_EDGES.map((u, i) => json(`unicode edge case ${i + 1}`, each(u))),
    );
  }
  return inputs;
}

function requestFor(url: string, path: string, type: string, raw: string, cookie?: string): Request {
  const headers: Record<string, string> = { origin: url, ...(cookie ? { cookie } : {}) };
  if (type === "query") {
    return new Request(`${url}/api/trpc/${path}?input=${encodeURIComponent(raw)}`, { headers });
  }
  return new Request(`${url}/api/trpc/${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: raw,
  });
}

describe.each(APPS)("$app: hostile input never gets a 500", ({ app, url, router }) => {
  it.each(proceduresOf(router).map(([path, procedure]) => ({ path, procedure })))(
    "$path",
    async ({ path, procedure }) => {
      const type = procedure._def.type as string;
      const failures: string[] = [];
      const sessions: (string | undefined)[] = [undefined];
      // With a session only where there is an input to refuse (a procedure without one, like signing out, would
      // simply run).
      if (app === "admin" && (procedure._def.inputs as unknown[]).length > 0) sessions.push(staff.cookie);
      for (const cookie of sessions) {
        for (const { label, raw } of hostileInputs(fieldsOf(procedure))) {
          const response = await handlers.get(app)!(requestFor(url, path, type, raw, cookie));
          if (response.status >= 500) {
            failures.push(
              `${cookie ? "signed in" : "anonymous"}, ${label}: ${response.status} ${await response.text()}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
    },
  );

  it("a NUL is refused with 400 and a message that says so", async () => {
    const path = app === "portal" ? "tracking.emailLink" : "auth.verifySecondFactor";
    const response = await handlers.get(app)!(
      requestFor(
        url,
        path,
        "mutation",
        JSON.stringify({ json: { token: "a", email: `a${NUL}@b.c`, link: "x", code: `1${NUL}` } }),
        staff.cookie,
      ),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { message: string } } };
    expect(body.error.json.message).toMatch(/NUL characters/);
  });
});
