import { describe, expect, it } from "vitest";
import { clientIpOf } from "./client-ip";
import { PEER_HEADER } from "./peer";

const h = (headers: { xff?: string; peer?: string }) =>
  new Headers({
    ...(headers.xff === undefined ? {} : { "x-forwarded-for": headers.xff }),
    ...(headers.peer === undefined ? {} : { [PEER_HEADER]: headers.peer }),
  });

describe("clientIpOf", () => {
  it.each([
    // [X-Forwarded-For, peer (set by our server from the socket), trust proxy, key]
    [undefined, undefined, false, "unknown"],
    [undefined, "203.0.113.7", false, "203.0.113.7"],
    [undefined, "::1", false, "::1"],
    [undefined, "::ffff:127.0.0.1", false, "127.0.0.1"],
    [undefined, "not an ip", false, "unknown"],
    // Without a trusted proxy a client-sent X-Forwarded-For is nothing: the peer is the key, whatever it says.
    ["198.51.100.1", "203.0.113.7", false, "203.0.113.7"],
    ["1.1.1.1, 203.0.113.9", "203.0.113.7", false, "203.0.113.7"],
    ["198.51.100.1", undefined, false, "unknown"],
    ["not an ip", "203.0.113.7", false, "203.0.113.7"],
    // Behind our proxy the last entry is what the proxy saw; earlier ones are the client's claims.
    ["1.1.1.1, 203.0.113.7", "10.0.0.2", true, "203.0.113.7"],
    ["203.0.113.7", "10.0.0.2", true, "203.0.113.7"],
    ["1.1.1.1, garbage", "10.0.0.2", true, "unknown"],
    // A request that came past the proxy (none of its headers): its peer.
    [undefined, "10.0.0.2", true, "10.0.0.2"],
  ] as const)("X-Forwarded-For %s, peer %s (trust proxy %s) → %s", (xff, peer, trust, expected) => {
    expect(clientIpOf(h({ xff, peer }), trust)).toBe(expected);
  });

  it("a client rotating X-Forwarded-For keeps one key without a trusted proxy", () => {
    const keys = new Set(
      ["198.51.100.1", "198.51.100.2", "2001:db8::1", "x".repeat(10_000)].map((xff) =>
        clientIpOf(h({ xff, peer: "203.0.113.7" }), false),
      ),
    );
    expect([...keys]).toEqual(["203.0.113.7"]);
  });
});
