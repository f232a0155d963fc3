import { describe, expect, it } from "vitest";
import {
  matchesThreadByHeaders,
  replyAddressFor,
  type TThreadHeaders,
  tokenFromRecipients,
} from "./reply-address";

const SECURITY = "security@example.org";
// base64url tokens of 22 and 42 characters; the lower-case one is base32, a subset of the alphabet.
const TOKEN = "q3X_9kTz-Lm0aBcDeFgHiJ";
const LONG_TOKEN = "Zx8-Qw_1Er2Ty3Ui4Op5As6Df7Gh8Jk9Lz0Xc1Vb2N";
const LOWER_TOKEN = "mfrggzdfmztwq2lknnwg23tpobyxe";

describe("replyAddressFor", () => {
  it("plus-addresses the security address with the token", () => {
    expect(replyAddressFor(SECURITY, TOKEN)).toBe(`security+r-${TOKEN}@example.org`);
    expect(replyAddressFor(SECURITY, LONG_TOKEN)).toBe(`security+r-${LONG_TOKEN}@example.org`);
    expect(replyAddressFor("Security@Example.ORG", LOWER_TOKEN)).toBe(
      `Security+r-${LOWER_TOKEN}@Example.ORG`,
    );
  });

  it("keeps a tag the security address already has", () => {
    expect(replyAddressFor("sec+intake@example.org", TOKEN)).toBe(`sec+intake+r-${TOKEN}@example.org`);
  });

  it.each([
    ["too short", TOKEN.slice(1)],
    ["empty", ""],
    ["standard base64", "q3X/9kTz+Lm0aBcDeFgHiJ=="],
    ["a dot", "q3X.9kTz-Lm0aBcDeFgHiJ"],
    ["a space", "q3X 9kTz-Lm0aBcDeFgHiJ"],
    ["a line break", `${TOKEN}\r\nBcc: victim@example.net`],
    ["non-ASCII", "q3X_9kTz-Lm0aBcDeFgHiЈ"],
    ["an @", `${TOKEN}@evil.com`],
  ])("refuses a token with %s", (_, token) => {
    expect(() => replyAddressFor(SECURITY, token)).toThrow(RangeError);
  });

  it.each([
    "",
    "security",
    "@example.org",
    "security@",
    "Security <security@example.org>",
    "security@example.org\r\nBcc: victim@example.net",
  ])("refuses the security address %j", (address) => {
    expect(() => replyAddressFor(address, TOKEN)).toThrow(RangeError);
  });

  it("refuses a local part servers would refuse (over 64 characters)", () => {
    const fits = 64 - "+r-".length - LONG_TOKEN.length;
    expect(replyAddressFor(`${"s".repeat(fits)}@example.org`, LONG_TOKEN).split("@")[0]).toHaveLength(64);
    expect(() => replyAddressFor(`${"s".repeat(fits + 1)}@example.org`, LONG_TOKEN)).toThrow(RangeError);
  });
});

describe("tokenFromRecipients", () => {
  it("finds the token of an address made by replyAddressFor", () => {
    for (const token of [TOKEN, LONG_TOKEN, LOWER_TOKEN]) {
      expect(tokenFromRecipients([replyAddressFor(SECURITY, token)], SECURITY)).toBe(token);
    }
  });

  it.each<[string, string[], string | null]>([
    ["local part and domain in any case", [`SECURITY+R-${TOKEN}@EXAMPLE.ORG`], TOKEN],
    ["with a display name", [`"Security team" <security+r-${TOKEN}@example.org>`], TOKEN],
    ["padded", [`  security+r-${TOKEN}@example.org \r\n`], TOKEN],
    ["after other recipients", ["alice@example.com", SECURITY, `security+r-${TOKEN}@example.org`], TOKEN],
    ["the first of two", [`security+r-${TOKEN}@example.org`, `security+r-${LONG_TOKEN}@example.org`], TOKEN],
    [
      "past a malformed one",
      [`security+r-${TOKEN}!@example.org`, `security+r-${LONG_TOKEN}@example.org`],
      LONG_TOKEN,
    ],
    ["none", [], null],
    ["empty strings", ["", " ", "<>"], null],
    ["the plain security address", [SECURITY], null],
    ["another domain", [`security+r-${TOKEN}@example.net`], null],
    ["a look-alike domain", [`security+r-${TOKEN}@example.org.evil.com`], null],
    ["a Cyrillic look-alike domain", [`security+r-${TOKEN}@exаmple.org`], null],
    ["a subdomain", [`security+r-${TOKEN}@mail.example.org`], null],
    ["another local part", [`alice+r-${TOKEN}@example.org`], null],
    ["a longer local part", [`xsecurity+r-${TOKEN}@example.org`], null],
    ["another tag", [`security+x-${TOKEN}@example.org`], null],
    ["a tag without the dash", [`security+r${TOKEN}@example.org`], null],
    ["a token too short", [`security+r-${TOKEN.slice(1)}@example.org`], null],
    ["a token too long", [`security+r-${"a".repeat(129)}@example.org`], null],
    ["a token with a wrong character", [`security+r-${TOKEN.slice(1)}=@example.org`], null],
    ["a token and another tag", [`security+r-${TOKEN}+more@example.org`], null],
    ["a quoted local part", [`"security+r-${TOKEN}"@example.org`], null],
    ["an encoded word", [`=?utf-8?q?security+r-${TOKEN}?=@example.org`], null],
    ["no domain", [`security+r-${TOKEN}`], null],
  ])("%s", (_, recipients, expected) => {
    expect(tokenFromRecipients(recipients, SECURITY)).toBe(expected);
  });

  it("keeps the token's case: it is the secret", () => {
    expect(tokenFromRecipients([`security+r-${TOKEN.toLowerCase()}@example.org`], SECURITY)).toBe(
      TOKEN.toLowerCase(),
    );
  });

  it("folds only ASCII case: a Kelvin sign is not a K", () => {
    expect(tokenFromRecipients([`\u212Aey+r-${TOKEN}@example.org`], "key@example.org")).toBeNull();
    expect(tokenFromRecipients([`KEY+r-${TOKEN}@example.org`], "key@example.org")).toBe(TOKEN);
  });

  it("works with a security address that has a tag", () => {
    const security = "sec+intake@example.org";
    expect(tokenFromRecipients([`sec+intake+r-${TOKEN}@example.org`], security)).toBe(TOKEN);
    expect(tokenFromRecipients([`sec+r-${TOKEN}@example.org`], security)).toBeNull();
  });

  it("finds nothing for a security address that is not one", () => {
    expect(tokenFromRecipients([`+r-${TOKEN}@example.org`], "")).toBeNull();
    expect(tokenFromRecipients([`security+r-${TOKEN}@`], "security@")).toBeNull();
  });
});

describe("matchesThreadByHeaders", () => {
  const known = {
    messageIds: ["<r1.8f2c@disclose.example.org>", "r1.9a7d@disclose.example.org"],
    reporterAddress: "alice@example.com",
  };
  const reply = (headers: Partial<TThreadHeaders>): TThreadHeaders => ({
    inReplyTo: null,
    references: [],
    from: "alice@example.com",
    ...headers,
  });

  it.each<[string, Partial<TThreadHeaders>]>([
    ["In-Reply-To", { inReplyTo: "<r1.8f2c@disclose.example.org>" }],
    ["an id we stored without brackets", { inReplyTo: "<r1.9a7d@disclose.example.org>" }],
    ["References, among others", { references: ["<a@mail.example.com> <r1.8f2c@disclose.example.org>"] }],
    ["References folded", { references: ["<a@mail.example.com>\r\n <r1.9a7d@disclose.example.org>"] }],
    [
      "References in several headers",
      { references: ["<a@mail.example.com>", "<r1.8f2c@disclose.example.org>"] },
    ],
    ["In-Reply-To with a comment", { inReplyTo: "<r1.8f2c@disclose.example.org> (Your mail of Monday)" }],
    ["In-Reply-To without brackets", { inReplyTo: "r1.8f2c@disclose.example.org" }],
    ["From in another case", { inReplyTo: "<r1.8f2c@disclose.example.org>", from: "Alice@Example.COM" }],
  ])("matches the reporter's reply: %s", (_, headers) => {
    expect(matchesThreadByHeaders(reply(headers), known)).toBe(true);
  });

  it.each<[string, Partial<TThreadHeaders>]>([
    ["another sender", { inReplyTo: "<r1.8f2c@disclose.example.org>", from: "mallory@example.net" }],
    [
      "the reporter's sub-address",
      { inReplyTo: "<r1.8f2c@disclose.example.org>", from: "alice+x@example.com" },
    ],
    ["a look-alike sender", { inReplyTo: "<r1.8f2c@disclose.example.org>", from: "аlice@example.com" }],
    [
      "a Kelvin-sign sender",
      { inReplyTo: "<r1.8f2c@disclose.example.org>", from: "alice@\u212Aexample.com" },
    ],
    ["no sender", { inReplyTo: "<r1.8f2c@disclose.example.org>", from: null }],
    ["an empty sender", { inReplyTo: "<r1.8f2c@disclose.example.org>", from: "" }],
    ["no ids", {}],
    ["empty ids", { inReplyTo: "", references: ["", "<>"] }],
    ["an id not ours", { inReplyTo: "<r1.8f2c@mail.example.com>" }],
    ["an id in another case", { inReplyTo: "<R1.8F2C@disclose.example.org>" }],
    ["an id with more after it", { inReplyTo: "<r1.8f2c@disclose.example.org.evil>" }],
    ["part of an id", { inReplyTo: "<r1.8f2c@disclose>" }],
    ["an id inside a bracket soup", { inReplyTo: "<x<r1.8f2c@disclose.example.org>>" }],
  ])("refuses %s", (_, headers) => {
    expect(matchesThreadByHeaders(reply(headers), known)).toBe(false);
  });

  it("matches nothing when we know no id or no reporter", () => {
    const headers = reply({ inReplyTo: "<r1.8f2c@disclose.example.org>" });
    expect(matchesThreadByHeaders(headers, { ...known, messageIds: [] })).toBe(false);
    expect(matchesThreadByHeaders(headers, { ...known, messageIds: ["", "<>"] })).toBe(false);
    expect(matchesThreadByHeaders(headers, { ...known, reporterAddress: "" })).toBe(false);
    expect(matchesThreadByHeaders({ ...headers, from: "" }, { ...known, reporterAddress: "" })).toBe(false);
  });

  it("stays fast on thousands of references", () => {
    const references = Array.from({ length: 20_000 }, (_, i) => `<m${i}@mail.example.com>`);
    const started = performance.now();
    expect(matchesThreadByHeaders(reply({ references: [references.join(" ")] }), known)).toBe(false);
    expect(
      matchesThreadByHeaders(reply({ references: [...references, "<r1.9a7d@disclose.example.org>"] }), known),
    ).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
