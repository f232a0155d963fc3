import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { parseEmailMessage } from "./message";
import { buildPgpMimeMessage, envelopeAddress } from "./pgp-mime";

const ARMORED = [
  "-----BEGIN PGP MESSAGE-----",
  "",
  "wV4DAAAAAAAAAAASAQdAabcdefghijklmnopqrstuvwxyz0123456789+/ABCDEFGH",
  "=abcd",
  "-----END PGP MESSAGE-----",
  "",
].join("\n");

async function build() {
  const raw = await buildPgpMimeMessage({
    from: "Disclose <security@disclose.test>",
    to: "security@distro.example",
    subject: "[EMBARGOED] Acme case 0123abcd: action needed by 2027-01-05 12:00 UTC",
    messageId: "<outbox.1@disclose.test>",
    date: new Date("2026-12-01T10:00:00Z"),
    armored: ARMORED,
  });
  return raw.toString("utf8");
}

/** The body parts of a multipart message, each split into its headers and its content. */
function partsOf(raw: string) {
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)?.[1];
  if (!boundary) throw new Error("no boundary");
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  const [, ...rest] = body.split(`--${boundary}`);
  return rest
    .filter((p) => !p.startsWith("--"))
    .map((p) => {
      const at = p.indexOf("\r\n\r\n");
      return { headers: p.slice(0, at), content: p.slice(at + 4).replace(/\r\n$/, "") };
    });
}

describe("buildPgpMimeMessage (RFC 3156)", () => {
  it("is multipart/encrypted with the pgp-encrypted protocol, the version part first, then encrypted.asc", async () => {
    const raw = await build();
    // Unfolded: a long header may be folded onto continuation lines.
    const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]/g, " ");
    expect(head).toMatch(/^Content-Type: multipart\/encrypted;/m);
    expect(head).toMatch(/protocol="?application\/pgp-encrypted"?/);
    expect(head).toMatch(
      /^Subject: \[EMBARGOED\] Acme case 0123abcd: action needed by 2027-01-05 12:00 UTC$/m,
    );
    expect(head).toMatch(/^Message-ID: <outbox\.1@disclose\.test>$/m);
    expect(head).toMatch(/^To: security@distro\.example$/m);

    const parts = partsOf(raw);
    expect(parts).toHaveLength(2);
    expect(parts[0]?.headers).toMatch(/Content-Type: application\/pgp-encrypted/);
    expect(parts[0]?.content.trim()).toBe("Version: 1");
    expect(parts[1]?.headers).toMatch(/Content-Type: application\/octet-stream; name="?encrypted\.asc"?/);
    expect(parts[1]?.headers).toMatch(/Content-Transfer-Encoding: 7bit/);
    // The armored message goes out byte for byte (CRLF line ends, as SMTP wants).
    expect(parts[1]?.content.trimEnd()).toBe(ARMORED.replace(/\n/g, "\r\n").trimEnd());
  });

  it("tells nothing in clear beyond the envelope headers", async () => {
    const parsed = await simpleParser(await build());
    expect(parsed.text ?? "").not.toMatch(/patch|vulnerab/i);
    expect(parsed.html).toBe(false);
  });

  it("takes the bare address of a From header for the envelope", () => {
    expect(envelopeAddress("Disclose <security@disclose.test>")).toBe("security@disclose.test");
    expect(envelopeAddress("security@disclose.test")).toBe("security@disclose.test");
  });
});

describe("outbox message: attachments and PGP/MIME", () => {
  const base = { to: "a@example.org", subject: "S", text: "T" };

  it("accepts a calendar attachment and an armored message", () => {
    const content = new TextEncoder().encode("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    expect(
      parseEmailMessage({
        ...base,
        attachments: [{ filename: "embargo.ics", contentType: "text/calendar; charset=utf-8", content }],
      }).attachments,
    ).toHaveLength(1);
    expect(parseEmailMessage({ ...base, pgpEncrypted: ARMORED }).pgpEncrypted).toBe(ARMORED);
  });

  it.each([
    [
      "a path as file name",
      { filename: "../../etc/passwd", contentType: "text/plain" },
      "attachments.0.filename",
    ],
    [
      "a header in the file name",
      { filename: "a\r\nBcc: x@y.z", contentType: "text/plain" },
      "attachments.0.filename",
    ],
    [
      "a header in the type",
      { filename: "a.txt", contentType: "text/plain\r\nBcc: x@y.z" },
      "attachments.0.contentType",
    ],
  ])("refuses %s, naming the field", (_what, attachment, field) => {
    expect(() =>
      parseEmailMessage({ ...base, attachments: [{ ...attachment, content: new Uint8Array(1) }] }),
    ).toThrow(
      expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ field })]) }),
    );
  });

  it("refuses a string as attachment content, too many or too large attachments", () => {
    const one = { filename: "a.txt", contentType: "text/plain", content: new Uint8Array(1) };
    expect(() => parseEmailMessage({ ...base, attachments: [{ ...one, content: "bytes" }] })).toThrow(
      /content/,
    );
    expect(() => parseEmailMessage({ ...base, attachments: Array(11).fill(one) })).toThrow(/at most 10/);
    const big = { ...one, content: new Uint8Array(10_000_001) };
    expect(() => parseEmailMessage({ ...base, attachments: [big] })).toThrow(/bytes in all/);
  });

  it("refuses a PGP/MIME part that is not an armored message, or that comes with anything else", () => {
    expect(() => parseEmailMessage({ ...base, pgpEncrypted: "plain text patch" })).toThrow(/pgpEncrypted/);
    expect(() => parseEmailMessage({ ...base, pgpEncrypted: `${ARMORED}\r\nBcc: x@y.z\r\n` })).toThrow(
      /pgpEncrypted/,
    );
    expect(() => parseEmailMessage({ ...base, html: "<p>x</p>", pgpEncrypted: ARMORED })).toThrow(
      /nothing else/,
    );
    expect(() =>
      parseEmailMessage({ ...base, pgpEncrypted: ARMORED, headers: { "List-Id": "<x.example.org>" } }),
    ).toThrow(/but Reply-To/);
  });

  it("lets an encrypted reply to a reporter carry its reply address and thread headers", async () => {
    const headers = {
      "Reply-To": "security+r-abcdefghijklmnopqrstuvwxyz@disclose.test",
      "In-Reply-To": "<a@b.c>",
    };
    expect(parseEmailMessage({ ...base, pgpEncrypted: ARMORED, headers }).headers).toEqual(headers);
    const raw = (
      await buildPgpMimeMessage({
        from: "Disclose <security@disclose.test>",
        to: "rita@example.org",
        subject: "A message from the security team about your report",
        messageId: "<outbox.2@disclose.test>",
        date: new Date("2026-12-01T10:00:00Z"),
        armored: ARMORED,
        headers,
      })
    ).toString("utf8");
    const parsed = await simpleParser(raw);
    expect(parsed.replyTo?.text).toBe(headers["Reply-To"]);
    expect(parsed.inReplyTo).toBe("<a@b.c>");
  });
});
