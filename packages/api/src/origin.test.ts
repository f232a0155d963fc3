import { describe, expect, it } from "vitest";
import { isSameOrigin, isStateChanging } from "./origin";

const app = "http://localhost:3001";

describe("isSameOrigin", () => {
  it.each([
    ["http://localhost:3001", true],
    ["http://LOCALHOST:3001", true], // hosts are case-insensitive; URL normalises them
    ["http://localhost:3001/", true],
  ])("accepts the app's own origin %s", (origin, expected) => {
    expect(isSameOrigin(origin, app)).toBe(expected);
  });

  it.each<[string | null, string]>([
    [null, "missing header"],
    ["", "empty header"],
    ["null", "opaque origin (sandboxed iframe, file://, data:)"],
    ["https://localhost:3001", "other scheme"],
    ["http://localhost:3000", "other port (the portal)"],
    ["http://localhost", "default port"],
    ["http://localhost:3001.attacker.example", "suffix attack"],
    ["http://attacker.example/?http://localhost:3001", "origin in query"],
    ["http://localhost:3001@attacker.example", "userinfo trick"],
    ["http://127.0.0.1:3001", "same machine, other name"],
    ["not a url", "garbage"],
    ["javascript:alert(1)", "script URL"],
  ])("refuses %s (%s)", (origin) => {
    expect(isSameOrigin(origin, app)).toBe(false);
  });
});

describe("isStateChanging", () => {
  it.each(["GET", "HEAD", "OPTIONS", "get"])("treats %s as safe", (method) => {
    expect(isStateChanging(method)).toBe(false);
  });
  it.each(["POST", "PUT", "PATCH", "DELETE", "post", "PROPFIND"])("treats %s as state-changing", (method) => {
    expect(isStateChanging(method)).toBe(true);
  });
});
