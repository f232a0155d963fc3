import { type IncomingHttpHeaders, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIpOf } from "./client-ip";
import { isLocalDemoRequest } from "./dev-mailbox-access";
import { type CreateNextApp, type RunningNextServer, serveNext } from "./next-server";
import { FORWARDED_HEADER, PEER_HEADER } from "./peer";

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, v);
  }
  return headers;
}

/**
 * A stand-in for `next(...)`: its request handler answers with what the API would make of the request it was
 * handed (the rate-limit key and the local-demo check), and the headers it saw.
 */
function fakeNext(trustProxy: boolean): CreateNextApp {
  return () => ({
    prepare: async () => {},
    close: async () => {},
    getRequestHandler: () => async (req, res) => {
      const headers = toHeaders(req.headers);
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          key: clientIpOf(headers, trustProxy),
          localDemo: isLocalDemoRequest({
            host: headers.get("host"),
            peer: headers.get(PEER_HEADER),
            forwarded: headers.get(FORWARDED_HEADER) === "1",
            trustProxy,
            usesRealSmtp: false,
            production: false,
          }),
          headers: Object.fromEntries(headers),
        }),
      );
    },
  });
}

interface TSeen {
  key: string;
  localDemo: boolean;
  headers: Record<string, string>;
}

/** A real request over TCP, with any headers (Host included) and, optionally, from another loopback address. */
function get(
  server: RunningNextServer,
  headers: Record<string, string>,
  localAddress?: string,
): Promise<TSeen> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: "/", headers, ...(localAddress ? { localAddress } : {}) },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve(JSON.parse(body) as TSeen));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const SPOOFS: Array<[string, Record<string, string>]> = [
  ["no forwarding headers", {}],
  ["X-Forwarded-For", { "X-Forwarded-For": "198.51.100.1" }],
  ["a chain in X-Forwarded-For", { "X-Forwarded-For": "198.51.100.1, 203.0.113.9" }],
  ["its own peer header", { "X-Disclose-Peer": "198.51.100.2" }],
  ["both", { "X-Forwarded-For": "198.51.100.3", "x-disclose-peer": "198.51.100.4" }],
  ["X-Real-IP and Forwarded", { "X-Real-IP": "198.51.100.5", Forwarded: "for=198.51.100.5" }],
];

describe("the apps' server without a trusted proxy", () => {
  let server: RunningNextServer;
  beforeAll(async () => {
    server = await serveNext({
      next: fakeNext(false),
      dir: ".",
      dev: false,
      host: "127.0.0.1",
      port: 0,
      trustProxy: false,
    });
  });
  afterAll(() => server.close());

  it.each(SPOOFS)("keys a request with %s by its TCP peer", async (_label, headers) => {
    const seen = await get(server, headers);
    expect(seen.key).toBe("127.0.0.1");
    expect(seen.headers[PEER_HEADER]).toBe("127.0.0.1");
    for (const name of ["x-forwarded-for", "x-real-ip", "forwarded"])
      expect(seen.headers[name]).toBeUndefined();
  });

  it("gives another peer another key, whatever the headers say", async () => {
    const seen = await get(
      server,
      { "X-Forwarded-For": "127.0.0.1", "X-Disclose-Peer": "127.0.0.1" },
      "127.0.0.57",
    );
    expect(seen.key).toBe("127.0.0.57");
  });

  it("drops a client's other internal headers", async () => {
    const seen = await get(server, { "X-Disclose-Forwarded": "0", "X-Disclose-Anything": "1" });
    expect(seen.headers["x-disclose-anything"]).toBeUndefined();
    expect(seen.headers[FORWARDED_HEADER]).toBeUndefined();
  });

  it.each([
    ["localhost with the port", { Host: "localhost:3001" }, true],
    ["127.0.0.1", { Host: "127.0.0.1:3001" }, true],
    ["[::1]", { Host: "[::1]:3001" }, true],
    ["a DNS-rebinding name", { Host: "evil.example:3001" }, false],
    ["a name ending in localhost", { Host: "localhost.evil.example" }, false],
    ["localhost, forwarded by a proxy", { Host: "localhost:3001", "X-Forwarded-For": "198.51.100.1" }, false],
    ["localhost, claiming a loopback peer", { Host: "localhost:3001", "X-Disclose-Peer": "127.0.0.1" }, true],
  ] as const)("the local-demo check: Host %s → %s", async (_label, headers, expected) => {
    expect((await get(server, headers)).localDemo).toBe(expected);
  });
});

describe("the apps' server behind a trusted proxy (TRUST_PROXY=1)", () => {
  let server: RunningNextServer;
  beforeAll(async () => {
    server = await serveNext({
      next: fakeNext(true),
      dir: ".",
      dev: false,
      host: "127.0.0.1",
      port: 0,
      trustProxy: true,
    });
  });
  afterAll(() => server.close());

  it("keys by the proxy's entry of X-Forwarded-For (the last)", async () => {
    expect((await get(server, { "X-Forwarded-For": "198.51.100.1" })).key).toBe("198.51.100.1");
    expect((await get(server, { "X-Forwarded-For": "1.1.1.1, 198.51.100.9" })).key).toBe("198.51.100.9");
  });

  it("still never believes a client's own peer header", async () => {
    const seen = await get(server, { "X-Disclose-Peer": "198.51.100.2" });
    expect(seen.key).toBe("127.0.0.1");
  });

  it("never shows the development mailbox", async () => {
    expect((await get(server, { Host: "localhost:3001" })).localDemo).toBe(false);
  });
});

/** A plain GET to `path`, with its status, headers and text. */
function fetchPath(server: RunningNextServer, path: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { headers }).then(async (res) => ({
    status: res.status,
    requestId: res.headers.get("x-request-id"),
    body: await res.text(),
  }));
}

describe("request ids and probes", () => {
  let ready = { ok: true } as { ok: boolean; reason?: string };
  const servers: RunningNextServer[] = [];
  const start = async (trustProxy: boolean) => {
    const server = await serveNext({
      next: fakeNext(trustProxy),
      dir: ".",
      dev: false,
      host: "127.0.0.1",
      port: 0,
      trustProxy,
      ready: async () => ready,
    });
    servers.push(server);
    return server;
  };
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it("gives every response its own X-Request-Id and ignores a client's without a trusted proxy", async () => {
    const server = await start(false);
    const a = await fetchPath(server, "/", { "X-Request-Id": "chosen-by-client" });
    const b = await fetchPath(server, "/");
    expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.requestId).not.toBe(b.requestId);
    expect((JSON.parse(a.body) as TSeen).headers["x-request-id"]).toBe(a.requestId);
  });

  it.each([
    ["a well-formed id", "lb-1234.abcd", "lb-1234.abcd"],
    ["an id with a newline", "a\tb", null],
    ["an overlong id", "x".repeat(65), null],
  ])("behind a trusted proxy, takes %s only if well-formed", async (_label, given, expected) => {
    const server = await start(true);
    const { requestId } = await fetchPath(server, "/", { "X-Request-Id": given });
    if (expected) expect(requestId).toBe(expected);
    else expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers /healthz always and /readyz from the readiness check, before the app", async () => {
    const server = await start(false);
    expect(await fetchPath(server, "/healthz")).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    ready = { ok: true };
    expect((await fetchPath(server, "/readyz")).status).toBe(200);
    ready = { ok: false, reason: "database unreachable" };
    const notReady = await fetchPath(server, "/readyz?verbose=1");
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toMatchObject({ status: "not ready", reason: "database unreachable" });
    expect((await fetchPath(server, "/healthz")).status).toBe(200);
  });

  it("is not ready while it stops", async () => {
    const server = await start(false);
    ready = { ok: true };
    const closing = server.close(200);
    const during = await fetch(`${server.url}/readyz`).then(
      (res) => res.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(during);
    await closing;
  });
});
