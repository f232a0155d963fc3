import { describe, expect, it } from "vitest";
import { autoReplyBlocker, autoReplyHeaders, mayAutoReply, type TAutoReplyBlocker } from "./auto-reply";
import { classifyIncoming } from "./classify-incoming";
import type { TIncomingMail } from "./mail-headers";
import { incomingMail, POLICY } from "./test-mail";

const blocker = (overrides: Partial<TIncomingMail>) => autoReplyBlocker(incomingMail(overrides), POLICY);

describe("mayAutoReply", () => {
  it.each<[string, Partial<TIncomingMail>]>([
    ["a reporter's plain mail", {}],
    ["a sub-address", { from: "alice+security@example.com", returnPath: "<alice+security@example.com>" }],
    ["From in mixed case", { from: "Alice@Example.COM" }],
    ["no Return-Path header", { returnPath: null }],
    ["a VERP envelope sender", { returnPath: "<bounces+123-alice=example.com@mailer.example.com>" }],
    ["Auto-Submitted: no", { autoSubmitted: "No" }],
    ["X-Loop of someone else", { xLoop: ["helpdesk@vendor.example"] }],
    ["X-Auto-Response-Suppress for receipts only", { xAutoResponseSuppress: "DR, RN, NRN" }],
    ["an IDN sender", { from: "anna@bücher.example" }],
    ["a reply-ish local part", { from: "reply@example.com" }],
    ["noreply inside a word", { from: "notnoreply@example.com" }],
  ])("answers %s", (_, overrides) => {
    expect(blocker(overrides)).toBeNull();
    expect(mayAutoReply(incomingMail(overrides), POLICY)).toBe(true);
  });

  it.each<[string, Partial<TIncomingMail>, TAutoReplyBlocker]>([
    ["no From", { from: null }, "no-sender"],
    ["an empty From", { from: "" }, "no-sender"],
    ["From without a domain", { from: "alice" }, "no-sender"],
    ["From with two @", { from: "alice@evil.com@example.com" }, "no-sender"],
    ["From with a header injection", { from: "alice@example.com\r\nBcc: victim@example.net" }, "no-sender"],
    ["From with a space", { from: "alice smith@example.com" }, "no-sender"],
    ["a very long From", { from: `${"a".repeat(300)}@example.com` }, "no-sender"],
    ["our own From", { from: "security@example.org" }, "own"],
    ["our own reply address", { from: "SECURITY+r-AbCdEfGhIjKlMnOpQrStUv@example.org" }, "own"],
    ["our own envelope", { returnPath: "<disclose-bounces@example.org>" }, "own"],
    ["X-Loop with our address", { xLoop: ["security@example.org"] }, "loop"],
    ["X-Loop in brackets and capitals", { xLoop: ["<Security@Example.ORG>"] }, "loop"],
    [
      "X-Loop with a name and comment",
      { xLoop: ["other@x.org", "Disclose security@example.org (receipt)"] },
      "loop",
    ],
    ["X-Loop with our reply address", { xLoop: ["security+r-AbCdEfGhIjKlMnOpQrStUv@example.org"] }, "loop"],
    ["staff", { from: "kate@example.org" }, "staff"],
    ["the null sender", { returnPath: "<>" }, "bounce"],
    ["an empty Return-Path", { returnPath: "" }, "bounce"],
    ["a DSN", { contentType: "multipart/report; report-type=delivery-status; boundary=x" }, "bounce"],
    ["a read receipt", { contentType: "multipart/report; report-type=disposition-notification" }, "bounce"],
    ["MAILER-DAEMON", { from: "MAILER-DAEMON@mx.example.net" }, "bounce"],
    ["postmaster envelope", { returnPath: "<postmaster@example.net>" }, "bounce"],
    ["Auto-Submitted: auto-replied", { autoSubmitted: "auto-replied" }, "automatic"],
    ["Auto-Submitted: auto-generated", { autoSubmitted: "Auto-Generated" }, "automatic"],
    ["an encoded Auto-Submitted", { autoSubmitted: "=?us-ascii?q?no?=" }, "automatic"],
    ["Precedence auto_reply", { precedence: "auto_reply" }, "automatic"],
    ["Precedence junk", { precedence: "junk" }, "automatic"],
    ["X-Autorespond", { autoReplyHeader: true }, "automatic"],
    ["List-Id", { listId: "<announce.example.com>" }, "list"],
    ["List-Id without brackets", { listId: "announce.example.com" }, "list"],
    ["the team list", { listId: "<security.example.org>" }, "list"],
    ["List-Unsubscribe", { listUnsubscribe: true }, "list"],
    ["Precedence list", { precedence: "List" }, "list"],
    ["Precedence bulk with list headers", { precedence: "bulk", listUnsubscribe: true }, "list"],
    ["noreply", { from: "noreply@github.com" }, "no-reply-sender"],
    ["no-reply", { from: "No-Reply@accounts.example.com" }, "no-reply-sender"],
    ["do-not-reply", { from: "do-not-reply@example.com" }, "no-reply-sender"],
    ["donotreply with a tag", { from: "donotreply+notices@example.com" }, "no-reply-sender"],
    ["no_reply with a suffix", { from: "no_reply.alerts@example.com" }, "no-reply-sender"],
    ["suppress All", { xAutoResponseSuppress: "All" }, "suppressed"],
    ["suppress OOF among others", { xAutoResponseSuppress: "DR, RN, NRN, OOF, AutoReply" }, "suppressed"],
    ["suppress autoreply in lower case", { xAutoResponseSuppress: " autoreply " }, "suppressed"],
  ])("never answers %s", (_, overrides, expected) => {
    expect(blocker(overrides)).toBe(expected);
    expect(mayAutoReply(incomingMail(overrides), POLICY)).toBe(false);
  });

  it("lets a spoofed X-Loop cost only the spoofer's own receipt: the report is still taken", () => {
    const spoofed = incomingMail({ xLoop: ["security@example.org"] });
    expect(classifyIncoming(spoofed, POLICY)).toEqual({ kind: "take" });
    expect(mayAutoReply(spoofed, POLICY)).toBe(false);
  });

  it("never answers whatever classification sets aside or skips", () => {
    const cases: Partial<TIncomingMail>[] = [
      { from: "kate@example.org" },
      { listId: "<security.example.org>" },
      { from: "security@example.org" },
      { returnPath: "<>" },
      { from: "mailer-daemon@example.net" },
      { autoSubmitted: "auto-replied" },
      { precedence: "junk" },
      { contentType: "multipart/report; report-type=feedback-report" },
    ];
    for (const overrides of cases) {
      const mail = incomingMail(overrides);
      expect(classifyIncoming(mail, POLICY).kind).not.toBe("take");
      expect(mayAutoReply(mail, POLICY)).toBe(false);
    }
  });
});

describe("autoReplyHeaders", () => {
  it("marks our automatic mail so that nobody answers it", () => {
    expect(autoReplyHeaders("security@example.org")).toEqual({
      "Auto-Submitted": "auto-replied",
      "X-Loop": "security@example.org",
      Precedence: "auto_reply",
      "X-Auto-Response-Suppress": "All",
    });
  });

  it("makes our own receipt, coming back, unanswerable and set aside", () => {
    const headers = autoReplyHeaders("security@example.org");
    const echoed = incomingMail({
      from: "alice@example.com",
      autoSubmitted: headers["Auto-Submitted"],
      precedence: headers.Precedence,
      xLoop: [headers["X-Loop"]],
      xAutoResponseSuppress: headers["X-Auto-Response-Suppress"],
    });
    expect(mayAutoReply(echoed, POLICY)).toBe(false);
    expect(classifyIncoming(echoed, POLICY)).toEqual({ kind: "auto", why: "auto-reply" });
  });

  it.each([
    "",
    "security",
    "security@example.org\r\nBcc: victim@example.net",
    "security@example.org\n",
    "<security@example.org>",
    "Security Team <security@example.org>",
    "a b@example.org",
    "security@exa@mple.org",
  ])("refuses %j as our address", (address) => {
    expect(() => autoReplyHeaders(address)).toThrow(RangeError);
  });
});
