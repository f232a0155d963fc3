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
