import { describe, expect, it } from "vitest";
import { readMail } from "./read-mail";

const raw = (lines: string[]) => Buffer.from(lines.join("\r\n"));

describe("reading a reporter's mail", () => {
  it("gives the headers intake decides on", async () => {
    const mail = await readMail(
      raw([
        "Return-Path: <>",
        "From: Some One <Some.One@Example.ORG>",
        "To: security@example.test, other@example.test",
        "List-Id: Security team <security.example.test>",
        "Auto-Submitted: auto-replied (vacation)",
        "X-Loop: security@example.test",
        "X-Autoreply: yes",
        "Subject: =?utf-8?q?Caf=C3=A9?=",
        "Date: Mon, 30 Nov 2026 10:00:00 +0000",
        "",
        "Body.",
      ]),
    );
    expect(mail.headers).toMatchObject({
      from: "some.one@example.org",
      returnPath: "<>",
      listId: "Security team <security.example.test>",
      autoSubmitted: "auto-replied (vacation)",
      xLoop: ["security@example.test"],
      autoReplyHeader: true,
      to: ["security@example.test", "other@example.test"],
      subject: "Café",
    });
    expect(mail.date).toEqual(new Date("2026-11-30T10:00:00Z"));
    expect(mail.text).toBe("Body.");
    expect(mail.armoredMessage).toBeNull();
  });

  it("finds an inline PGP message that is the whole body, and nothing in a body that only quotes one", async () => {
    const armored = "-----BEGIN PGP MESSAGE-----\n\nwcBMA\n-----END PGP MESSAGE-----";
    const inline = await readMail(raw(["From: a@example.org", "Subject: x", "", armored]));
    expect(inline.armoredMessage).toBe(armored.replaceAll("\n", "\n"));
    const quoted = await readMail(raw(["From: a@example.org", "Subject: x", "", `See: ${armored} thanks`]));
    expect(quoted.armoredMessage).toBeNull();
  });

  it("reads a message without headers as one without a sender", async () => {
    const junk = await readMail(Buffer.from("\u0000\u0001 not a message"));
    expect(junk.headers.from).toBeNull();
    expect(junk.date).toBeNull();
  });
});
