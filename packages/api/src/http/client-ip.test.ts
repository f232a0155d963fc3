import { describe, expect, it } from "vitest";
import { clientIpOf } from "./client-ip";

const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("clientIpOf", () => {
  it.each([
    // [X-Forwarded-For, trust proxy, key]
    [undefined, false, "unknown"],
    ["203.0.113.7", false, "203.0.113.7"],
    ["::1", false, "::1"],
    // Without a trusted proxy a client-sent header is only a key, never believed as an address.
    ["1.1.1.1, 203.0.113.7", false, "forwarded:1.1.1.1, 203.0.113.7"],
    ["not an ip", false, "forwarded:not an ip"],
    // Behind our proxy the last entry is what the proxy saw; earlier ones are the client's claims.
    ["1.1.1.1, 203.0.113.7", true, "203.0.113.7"],
    ["1.1.1.1, garbage", true, "unknown"],
  ] as const)("%s (trust proxy %s) → %s", (xff, trust, expected) => {
    expect(clientIpOf(h(xff), trust)).toBe(expected);
  });

  it("bounds the key of a huge header", () => {
    expect(clientIpOf(h("x".repeat(10_000)), false).length).toBeLessThanOrEqual(530);
  });
});
