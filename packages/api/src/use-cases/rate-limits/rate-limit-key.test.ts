import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { rateLimitCounterKey } from "./consume-rate-limit";

const rule = { name: "submit:client:minute" };

describe("rate-limit counter keys", () => {
  it("are the rule's name and a keyed hash: the same subject gives the same key, another subject another", () => {
    const a = rateLimitCounterKey(rule, "203.0.113.7");
    expect(a).toMatch(/^submit:client:minute:[A-Za-z0-9_-]{32}$/);
    expect(rateLimitCounterKey(rule, "203.0.113.7")).toBe(a);
    expect(rateLimitCounterKey(rule, "203.0.113.8")).not.toBe(a);
  });

  it("cannot be found again by hashing candidate addresses without the secret", () => {
    const key = rateLimitCounterKey(rule, "203.0.113.7");
    const plain = createHash("sha256").update("203.0.113.7").digest("base64url").slice(0, 32);
    expect(key).not.toContain(plain);
    expect(key).not.toContain("203.0.113.7");
  });
});
