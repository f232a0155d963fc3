import { describe, expect, it } from "vitest";
import { parseVerifyAuditArgs } from "./verify-audit-args";

const HASH = "c3".repeat(32);

describe("pnpm audit:verify's arguments", () => {
  it.each([
    [[], { ok: true, help: false }],
    [["--"], { ok: true, help: false }],
    [["--help"], { ok: true, help: true }],
    [["-h"], { ok: true, help: true }],
    [["--head", `12:${HASH}`], { ok: true, help: false, expectedHead: { seq: 12n, hash: HASH } }],
    [["--", "--head", `12:${HASH}`], { ok: true, help: false, expectedHead: { seq: 12n, hash: HASH } }],
    [[`--head=12:${HASH}`], { ok: true, help: false, expectedHead: { seq: 12n, hash: HASH } }],
    [["--head", HASH], { ok: true, help: false, expectedHead: { hash: HASH } }],
    [["--head", HASH.toUpperCase()], { ok: true, help: false, expectedHead: { hash: HASH } }],
    [["--head", `#12 ${HASH}`], { ok: true, help: false, expectedHead: { seq: 12n, hash: HASH } }],
  ])("reads %j", (argv, expected) => {
    expect(parseVerifyAuditArgs(argv)).toEqual(expected);
  });

  it.each([
    [["--head"], /--head needs a value/],
    [["--head", "--help"], /--head needs a value/],
    [["--head", ""], /--head: Give the head/],
    [["--head="], /--head: Give the head/],
    [["--head", "12:abc"], /--head: "abc" is not a head hash/],
    [["--head", `0:${HASH}`], /--head: "0" is not an event number/],
    [["--head", `x:${HASH}`], /not an event number/],
    [["--head", `12:${HASH}`, "--head", HASH], /Give --head once/],
    [["--verbose"], /Unknown argument "--verbose"/],
    [[HASH], /Unknown argument/],
    [["--head", HASH, "extra"], /Unknown argument "extra"/],
    [["$(rm -rf /)"], /Unknown argument/],
  ])("refuses %j", (argv, message) => {
    const parsed = parseVerifyAuditArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
