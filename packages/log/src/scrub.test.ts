import { describe, expect, it } from "vitest";
import { scrub, scrubValue } from "./scrub";

describe("scrub", () => {
  it.each([
    ["sent to reporter+x1@example.org", "sent to [email]"],
    ["From: Disclose <security@disclose.localhost>", "From: Disclose <[email]>"],
    ["550 5.1.1 <Some.One@mail.example.co.uk>: unknown user", "550 5.1.1 <[email]>: unknown user"],
    [
      "postgres://disclose_app:s3cret@db.internal:5432/disclose",
      "postgres://[credentials]@db.internal:5432/disclose",
    ],
    ["smtps://user@smtp.example.org:465", "smtps://[credentials]@smtp.example.org:465"],
    [
      "GET /track/0b9c2f1e-1111-4222-8333-444455556666.AbC_dEf-123 404",
      "GET /track/0b9c2f1e-1111-4222-8333-444455556666.[secret] 404",
    ],
    [
      "GET /distributors/applications/9vshvS1_kXlfLu29crMCoV2X2LFw-bvSYZsgancOC54 200",
      "GET /distributors/applications/[secret] 200",
    ],
    [
      "GET /distributors/applications/1042afc2-3d2d-4af6-8b70-4b6e3888e3d0.w7d8bgbHi2UcB2J2rj8gKH69CqjPMgb48Ws 404",
      "GET /distributors/applications/[secret] 404",
    ],
    [
      "GET /distributors/applications/0b9c2f1e-1111-4222-8333-444455556666 200",
      "GET /distributors/applications/0b9c2f1e-1111-4222-8333-444455556666 200",
    ],
    [
      "/api/auth/callback/email?callbackUrl=%2F&token=abc123&email=a%40b.c",
      "/api/auth/callback/email?callbackUrl=[redacted]&token=[redacted]&email=[redacted]",
    ],
    ["/api/trpc/tracking.view?input=%7B%22token%22%3A%22x%22%7D", "/api/trpc/tracking.view?input=[redacted]"],
  ])("%s", (input, expected) => {
    expect(scrub(input)).toBe(expected);
  });

  it("leaves ordinary text, ids and package names alone", () => {
    for (const text of [
      "outbox 0b9c2f1e-1111-4222-8333-444455556666 sent",
      "@disclose/api ready on http://127.0.0.1:3000",
      "POST /api/reports 201 12 ms",
    ]) {
      expect(scrub(text)).toBe(text);
    }
  });

  it("scrubs nested values and errors", () => {
    const error = new Error("rejected a@b.example");
    expect(scrubValue({ to: ["x@y.example"], n: 3, nested: { e: error } })).toMatchObject({
      to: ["[email]"],
      n: 3,
      nested: { e: { type: "Error", message: "rejected [email]" } },
    });
  });
});
