import { describe, expect, it } from "vitest";
import { readMail, readMailHeaders } from "./read-mail";

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

describe("reading only a message's headers (mail too large to download)", () => {
  const head = [
    "Return-Path: <reporter@example.org>",
    "From: Reporter <Reporter@Example.ORG>",
    "To: security@example.test",
    "Auto-Submitted: auto-generated",
    "Subject: =?utf-8?q?Caf=C3=A9?=",
    "Message-ID: <abc.123@example.org>",
    "Date: Mon, 30 Nov 2026 10:00:00 +0000",
    "Content-Type: multipart/mixed; boundary=x",
  ];

  it("reads them into the same model as the whole message, with the server's size", async () => {
    const whole = await readMail(raw([...head, "", "--x", "", "Body.", "--x--", ""]));
    const onlyHead = await readMailHeaders(raw([...head, "", ""]), 45 * 1024 * 1024);
    expect(onlyHead.headers).toEqual({ ...whole.headers, sizeBytes: 45 * 1024 * 1024 });
    expect(onlyHead.messageId).toBe("<abc.123@example.org>");
    expect(onlyHead.date).toEqual(new Date("2026-11-30T10:00:00Z"));
  });

  it("takes a header block without its blank line, and one that is no header at all", async () => {
    expect((await readMailHeaders(raw(head), 1)).headers.from).toBe("reporter@example.org");
    expect((await readMailHeaders(Buffer.from("\u0000\u0001 junk"), 1)).headers.from).toBeNull();
  });
});
