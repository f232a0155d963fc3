import { describe, expect, it } from "vitest";
import { canonicalJson, toJsonValue } from "./canonical-json";

describe("canonicalJson", () => {
  it("sorts keys at every level and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}',
    );
  });

  it("gives the same text for the same value whatever the key order", () => {
    expect(canonicalJson({ x: 1, y: "é\u2028" })).toBe(canonicalJson({ y: "é\u2028", x: 1 }));
  });

  it("normalises like a jsonb round trip", () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    expect(toJsonValue({ at, gone: undefined, n: 1.0 })).toEqual({ at: "2026-01-02T03:04:05.678Z", n: 1 });
    expect(() => toJsonValue({ big: 1n })).toThrow();
  });
});
