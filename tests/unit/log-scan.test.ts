import { describe, expect, it } from "vitest";
import { scanLogs } from "../log-scan";

const secrets = [
  { kind: "report-plaintext", value: "The parser overflows on a 4 GB header" },
  { kind: "tracking-secret", value: "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde" },
  { kind: "session-token", value: "c2Vzc2lvbi10b2tlbi12YWx1ZS0xMjM0NTY3ODkw" },
  { kind: "totp-code", value: "493817" },
  { kind: "passphrase", value: "correct horse battery staple" },
  { kind: "email", value: "grace@example.org" },
]
  .map((s) => JSON.stringify(s))
  .join("\n");

describe("the log scan", () => {
  it("passes a log without the secrets (a code inside a longer number or id is not a code)", () => {
    const log =
      '{"time":"2026-11-30T04:00:00.000Z","pid":14938170,"reqId":"a4938170-…","msg":"POST /api/reports 201"}';
    expect(scanLogs(log, secrets)).toEqual({ problems: [], checked: 6 });
  });

  it.each([
    ["report text", '{"msg":"failed: The parser overflows on a 4 GB header"}', "report-plaintext"],
    ["a tracking secret", "GET /track/x.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde 200", "tracking-secret"],
    ["a session token", "cookie=c2Vzc2lvbi10b2tlbi12YWx1ZS0xMjM0NTY3ODkw", "session-token"],
    ["a code standing alone", '{"msg":"code 493817 rejected"}', "totp-code"],
    ["a passphrase", "unlock with correct horse battery staple", "passphrase"],
    ["an address in other case", "to GRACE@example.org", "email"],
  ])("finds %s, without printing it", (_label, log, kind) => {
    const { problems } = scanLogs(log, secrets);
    expect(problems).toEqual([expect.stringContaining(`a ${kind} (`)]);
    expect(problems.join()).not.toMatch(/493817|grace@|horse|AbCdEf|c2Vzc2|parser/i);
  });

  it("fails when a kind of secret was never recorded", () => {
    expect(scanLogs("", '{"kind":"email","value":"a@b.example"}').problems).toContain(
      "no totp-code was recorded: the recorder is broken",
    );
  });
});
