import { describe, expect, it } from "vitest";
import { EMAIL_LIMITS, InvalidEmailError, messageIdFor, parseEmailMessage } from "./message";

const ok = { to: "reporter@example.org", subject: "Your report", text: "Thanks." };

describe("parseEmailMessage", () => {
  it("accepts a plain message and trims the address and subject", () => {
    expect(parseEmailMessage({ ...ok, to: "  reporter@example.org ", subject: " Hi " })).toEqual({
      ...ok,
      subject: "Hi",
    });
  });

  const hostile: [string, Record<string, unknown>, string][] = [
    ["empty address", { to: "" }, "to"],
    ["no domain", { to: "reporter@" }, "to"],
    ["two addresses", { to: "a@example.org, b@example.org" }, "to"],
    ["display name", { to: "Eve <eve@example.org>" }, "to"],
    ["header injection in address", { to: "a@example.org\r\nBcc: eve@example.org" }, "to"],
    ["overlong address", { to: `${"a".repeat(250)}@example.org` }, "to"],
    ["not a string", { to: 42 }, "to"],
    ["empty subject", { subject: "   " }, "subject"],
    ["header injection in subject", { subject: "Hi\r\nBcc: eve@example.org" }, "subject"],
    ["overlong subject", { subject: "x".repeat(EMAIL_LIMITS.subject + 1) }, "subject"],
    ["empty text", { text: "" }, "text"],
    ["overlong text", { text: "x".repeat(EMAIL_LIMITS.text + 1) }, "text"],
    ["overlong html", { html: "x".repeat(EMAIL_LIMITS.html + 1) }, "html"],
    ["a header not on the allow-list", { headers: { Bcc: "eve@example.org" } }, "headers"],
    ["a From header", { headers: { From: "ceo@example.org" } }, "headers"],
    ["a header name in another case", { headers: { "list-unsubscribe": "<https://x.test/u>" } }, "headers"],
    [
      "header injection in a header value",
      { headers: { "List-Unsubscribe": "<https://x.test/u>\r\nBcc: eve@example.org" } },
      "headers.List-Unsubscribe",
    ],
    ["a bare LF in a header value", { headers: { "List-Id": "a\nb" } }, "headers.List-Id"],
    ["a NUL in a header value", { headers: { Precedence: "bulk\u0000" } }, "headers.Precedence"],
    [
      "non-ASCII in a header value",
      { headers: { "List-Id": "Sécurité <s.example.org>" } },
      "headers.List-Id",
    ],
    [
      "an overlong header value",
      { headers: { "List-Unsubscribe": `<https://x.test/${"u".repeat(EMAIL_LIMITS.headerValue)}>` } },
      "headers.List-Unsubscribe",
    ],
    ["an empty header value", { headers: { "List-Id": "" } }, "headers.List-Id"],
    ["an empty header set", { headers: {} }, "headers"],
    ["headers as a string", { headers: "List-Id: x" }, "headers"],
    [
      "headers on a PGP/MIME message",
      {
        headers: { "List-Id": "<announce.example.org>" },
        pgpEncrypted: "-----BEGIN PGP MESSAGE-----\n\nwV4D\n-----END PGP MESSAGE-----\n",
      },
      "headers",
    ],
  ];
  it.each(hostile)("refuses %s, naming the field", (_name, patch, field) => {
    let error: unknown;
    try {
      parseEmailMessage({ ...ok, ...patch });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEmailError);
    const invalid = error as InvalidEmailError;
    expect(invalid.issues.map((i) => i.field)).toContain(field);
    expect(invalid.message).toMatch(new RegExp(`^Invalid email: .*${field}: `));
  });
});

describe("extra headers", () => {
  it("keeps the allow-listed list headers as given", () => {
    const headers = {
      "List-Unsubscribe": "<https://portal.example/announcements/unsubscribe/one-click?s=1&t=abc>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-Id": "Example security announcements <security-announce.example.org>",
      Precedence: "bulk",
    };
    expect(parseEmailMessage({ ...ok, headers }).headers).toEqual(headers);
  });
});

describe("messageIdFor", () => {
  it("is stable for an outbox id and uses the sender's domain", () => {
    const id = "0b8a6f0e-3c1d-4a55-9d61-5f2f2b1c9e11";
    expect(messageIdFor(id, "Disclose <security@example.org>")).toBe(`<outbox.${id}@example.org>`);
    expect(messageIdFor(id, "security@example.org")).toBe(
      messageIdFor(id, "Disclose <security@example.org>"),
    );
    expect(messageIdFor(id, "nonsense")).toBe(`<outbox.${id}@disclose.localhost>`);
  });
});
