import { describe, expect, it } from "vitest";
import { EMAIL_ADDRESS_REDACTED, findEmailAddresses, redactEmailAddresses } from "./email-addresses";

describe("email addresses in free text", () => {
  it.each([
    ["mail reporter@example.org please", `mail ${EMAIL_ADDRESS_REDACTED} please`],
    ["<a.b+tag@sub.example.co.uk>", `<${EMAIL_ADDRESS_REDACTED}>`],
    ["two: a@x.io, b@y.io", `two: ${EMAIL_ADDRESS_REDACTED}, ${EMAIL_ADDRESS_REDACTED}`],
    ["ÜNICODE.näme@example.org", EMAIL_ADDRESS_REDACTED],
    ["no address here", "no address here"],
    ["an @handle and user@localhost", "an @handle and user@localhost"], // no dotted domain: not an address
    ["a fingerprint 0123ABCD and a CVE-2026-1234", "a fingerprint 0123ABCD and a CVE-2026-1234"],
  ])("%s", (text, expected) => {
    expect(redactEmailAddresses(text)).toBe(expected);
  });

  it("finds them at any depth, in keys and values", () => {
    expect(
      findEmailAddresses({
        users: ["x@example.test", "id-1"],
        nested: { "k@example.test": 1, n: null, b: true, deep: [{ to: "y@example.test" }] },
      }),
    ).toEqual(["x@example.test", "k@example.test", "y@example.test"]);
    expect(findEmailAddresses({ reportId: "6f1c…", counts: { outbox: 2 } })).toEqual([]);
    expect(findEmailAddresses(null)).toEqual([]);
  });
});
