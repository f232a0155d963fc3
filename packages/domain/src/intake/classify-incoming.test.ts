import { describe, expect, it } from "vitest";
import { classifyIncoming, type TIntakeClassification } from "./classify-incoming";
import { MAIL_MAX_BYTES } from "./intake-limits";
import type { TIncomingMail } from "./mail-headers";
import { incomingMail, POLICY } from "./test-mail";

const TAKE: TIntakeClassification = { kind: "take" };
const AUTO: TIntakeClassification = { kind: "auto", why: "auto-reply" };
const BOUNCE: TIntakeClassification = { kind: "bounce-notice", why: "bounce" };
const skip = (why: "staff" | "team-list" | "own"): TIntakeClassification => ({ kind: "skip", why });

const classify = (overrides: Partial<TIncomingMail>) => classifyIncoming(incomingMail(overrides), POLICY);

describe("classifyIncoming", () => {
  it("takes a reporter's plain mail", () => {
    expect(classify({})).toEqual(TAKE);
    expect(classify({ from: "alice+security@example.com" })).toEqual(TAKE);
    expect(classify({ from: null, returnPath: null })).toEqual(TAKE);
    expect(classify({ autoSubmitted: "no", precedence: "" })).toEqual(TAKE);
  });

  it.each<[string, Partial<TIncomingMail>, TIntakeClassification]>([
    // The PST's own traffic on the shared address.
    ["staff member", { from: "kate@example.org" }, skip("staff")],
    ["staff, set written in mixed case", { from: "bob.maintainer@example.net" }, skip("staff")],
    ["staff, From in mixed case", { from: "Kate@Example.ORG" }, skip("staff")],
    [
      "staff, even when auto-replying",
      { from: "kate@example.org", autoSubmitted: "auto-replied" },
      skip("staff"),
    ],
    ["team list", { listId: '"Security team" <security.example.org>' }, skip("team-list")],
    ["team list, mixed case", { listId: "Security Team <Security.Example.ORG>" }, skip("team-list")],
    ["team list, without brackets", { listId: "security.example.org" }, skip("team-list")],
    ["team list among several", { listId: "<other.lists.org>, <security.example.org>" }, skip("team-list")],
    [
      "team list, encoded name",
      { listId: "=?UTF-8?B?U8OpY3VyaXTDqQ==?= <security.example.org>" },
      skip("team-list"),
    ],
    ["team list, whitespace", { listId: "  < security.example.org >\r\n" }, skip("team-list")],
    ["own address", { from: "security@example.org" }, skip("own")],
    ["own reply address", { from: "security+r-AbCdEfGhIjKlMnOpQrStUv@example.org" }, skip("own")],
    ["own envelope sender", { returnPath: "<Disclose-Bounces@example.org>" }, skip("own")],
    // Not the team's list, not ours: look-alikes are strangers.
    ["look-alike list id", { listId: "<security.example.org.evil.com>" }, TAKE],
    ["prefixed list id", { listId: "<xsecurity.example.org>" }, TAKE],
    ["list id with a nested bracket", { listId: "<evil<security.example.org>" }, skip("team-list")],
    ["unclosed list id", { listId: "<security.example.org" }, TAKE],
    ["empty list id", { listId: "" }, TAKE],
    ["look-alike own domain", { from: "security@example.org.evil.com" }, TAKE],
    ["look-alike own local part", { from: "xsecurity@example.org" }, TAKE],
    ["Cyrillic look-alike staff", { from: "kаte@example.org" }, TAKE],
    ["Kelvin-sign look-alike staff", { from: "\u212Aate@example.org" }, TAKE],
    ["a spoofed X-Loop does not hide a report", { xLoop: ["security@example.org"] }, TAKE],
    // Another list's mail may be a genuine forward (a code host's notice of a private report): taken, not answered.
    ["another list", { listId: "owner/repo <repo.owner.github.com>", precedence: "list" }, TAKE],
    ["a newsletter", { precedence: "bulk", listUnsubscribe: true }, TAKE],
    ["junk with list headers", { precedence: "junk", listId: "<news.example.com>" }, TAKE],
  ])("%s", (_, overrides, expected) => {
    expect(classify(overrides)).toEqual(expected);
  });

  it.each<[string, Partial<TIncomingMail>]>([
    [
      "a Postfix bounce",
      {
        from: "mailer-daemon@mx.example.net",
        returnPath: "<>",
        autoSubmitted: "auto-replied",
        contentType: 'multipart/report; report-type=delivery-status;\r\n\tboundary="9A1B.1700000000/mx"',
      },
    ],
    ["a DSN from a person's address", { contentType: 'Multipart/Report; Report-Type="Delivery-Status"' }],
    ["a DSN without report-type", { contentType: "multipart/report; boundary=x" }],
    ["an SMTPUTF8 DSN", { contentType: "multipart/report; report-type=global-delivery-status" }],
    ["MAILER-DAEMON in capitals", { from: "MAILER-DAEMON@example.net", returnPath: "<>" }],
    ["MAILER-DAEMON without a domain", { from: "MAILER-DAEMON" }],
    ["postmaster", { from: "postmaster@example.net" }],
    ["postmaster envelope", { returnPath: "<Postmaster@example.net>" }],
    ["null sender", { returnPath: "<>" }],
    ["null sender, as some parsers give it", { returnPath: "" }],
    ["null sender with whitespace", { returnPath: " < > " }],
  ])("bounce: %s", (_, overrides) => {
    expect(classify(overrides)).toEqual(BOUNCE);
  });

  it.each<[string, Partial<TIncomingMail>]>([
    ["Exchange out-of-office", { autoSubmitted: "auto-replied", xAutoResponseSuppress: "All" }],
    ["out-of-office with the null sender", { autoSubmitted: "auto-replied", returnPath: "<>" }],
    ["auto-generated", { autoSubmitted: "auto-generated" }],
    ["with a parameter", { autoSubmitted: "Auto-Replied; owner-email=alice@example.com" }],
    ["with a comment", { autoSubmitted: "auto-replied (vacation)" }],
    ["an unknown value", { autoSubmitted: "yes" }],
    ["an encoded 'no' is not 'no'", { autoSubmitted: "=?utf-8?q?no?=" }],
    ["'no' followed by junk", { autoSubmitted: "nope" }],
    ["Precedence auto_reply", { precedence: "auto_reply" }],
    ["an old vacation program", { precedence: "junk" }],
    ["bulk without list headers", { precedence: " BULK " }],
    ["X-Autoreply", { autoReplyHeader: true }],
    ["a read receipt", { contentType: "multipart/report; report-type=disposition-notification" }],
    ["an abuse report", { contentType: "multipart/report; report-type=feedback-report" }],
  ])("automatic: %s", (_, overrides) => {
    expect(classify(overrides)).toEqual(AUTO);
  });

  it.each<[string, string | null]>([
    ["no", "no"],
    ["No in capitals", "No"],
    ["padded", "  no \t"],
    ["with a comment", "no (written by a person)"],
    ["empty (a parser artefact)", ""],
    ["only a comment", "(nothing)"],
  ])("Auto-Submitted %s is a person's mail", (_, autoSubmitted) => {
    expect(classify({ autoSubmitted })).toEqual(TAKE);
  });

  it("checks the size after everything else, up to the limit", () => {
    expect(classify({ sizeBytes: MAIL_MAX_BYTES })).toEqual(TAKE);
    expect(classify({ sizeBytes: MAIL_MAX_BYTES + 1 })).toEqual({
      kind: "too-large",
      limitBytes: MAIL_MAX_BYTES,
      sizeBytes: MAIL_MAX_BYTES + 1,
    });
    // Oversize automatic mail is set aside, never bounced.
    expect(classify({ sizeBytes: MAIL_MAX_BYTES * 2, autoSubmitted: "auto-replied" })).toEqual(AUTO);
    expect(classify({ sizeBytes: MAIL_MAX_BYTES * 2, returnPath: "<>" })).toEqual(BOUNCE);
    expect(classify({ sizeBytes: MAIL_MAX_BYTES * 2, from: "kate@example.org" })).toEqual(skip("staff"));
  });

  it("refuses a size that is no size", () => {
    for (const sizeBytes of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => classify({ sizeBytes })).toThrow(RangeError);
    }
  });

  it("skips nothing when no team list is configured", () => {
    const policy = { ...POLICY, teamListId: null };
    expect(classifyIncoming(incomingMail({ listId: "<security.example.org>" }), policy)).toEqual(TAKE);
    expect(classifyIncoming(incomingMail({ listId: "" }), { ...POLICY, teamListId: "" })).toEqual(TAKE);
    expect(
      classifyIncoming(incomingMail({ listId: "<Security.Example.org>" }), {
        ...POLICY,
        teamListId: "<SECURITY.example.org>",
      }),
    ).toEqual(skip("team-list"));
  });

  it("stays fast on very long hostile values", () => {
    const long = 1_000_000;
    const started = performance.now();
    expect(classify({ listId: `<${"a".repeat(long)}` })).toEqual(TAKE);
    expect(classify({ listId: "<a>".repeat(long / 3) })).toEqual(TAKE);
    expect(classify({ contentType: `multipart/mixed; ${"(".repeat(long)}` })).toEqual(TAKE);
    expect(classify({ contentType: `multipart/mixed; ${'a="'.repeat(long / 3)}` })).toEqual(TAKE);
    expect(classify({ autoSubmitted: ` ${"no ".repeat(long / 3)}` })).toEqual(AUTO);
    expect(classify({ precedence: "first-class ".repeat(long / 12) })).toEqual(TAKE);
    expect(classify({ from: `${"<".repeat(long)}alice@example.com` })).toEqual(TAKE);
    // Generous for a loaded machine: what this guards against is quadratic time, which would take minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
