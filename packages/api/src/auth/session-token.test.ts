import { describe, expect, it } from "vitest";
import { nextAuthSessionCookie, nextAuthSetCookie } from "../test-support/next-auth";
import { sessionCookie, sessionSetCookie } from "./session-token";

describe("the session cookie", () => {
  it.each([
    ["http://localhost:3001", false],
    ["https://admin.example.org", true],
  ])("for %s is the one next-auth makes by default", (appUrl, secure) => {
    expect(sessionCookie(appUrl)).toEqual(nextAuthSessionCookie(secure));
    const expires = new Date("2026-11-24T12:00:00.123Z");
    const { name, options } = nextAuthSessionCookie(secure);
    expect(sessionSetCookie(appUrl, "t0ken", expires)).toBe(
      nextAuthSetCookie({ name, value: "t0ken", options: { ...options, expires } }),
    );
    const header = sessionSetCookie(appUrl, "t0ken", expires);
    expect(header).toContain("; Path=/; Expires=Tue, 24 Nov 2026 12:00:00 GMT; HttpOnly");
    expect(header).toContain("; SameSite=Lax");
    expect(header.includes("; Secure")).toBe(secure);
  });
});
