import { mkdtemp, readdir, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildPgpMimeMessage } from "../pgp-mime";
import { createTransport } from "../transport";
import { clearSinkMessages, getSinkMessage, listSinkMessages } from "./client";
import { type SmtpSink, startSmtpSink } from "./server";
import { parseRawMessage } from "./store";

let dir: string;
let sink: SmtpSink;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "disclose-sink-"));
  sink = await startSmtpSink({ smtpPort: 0, httpPort: 0, dir, maxMessageBytes: 64 * 1024 });
});
afterAll(async () => {
  await sink.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => clearSinkMessages({ baseUrl: sink.baseUrl }));

describe("parseRawMessage", () => {
  it("extracts headers, bodies and the envelope", async () => {
    const raw = Buffer.from(
      [
        "From: Disclose <security@example.org>",
        "To: a@example.org, Team: b@example.org, c@example.org;",
        "Subject: =?UTF-8?B?w6ljaG8=?=",
        "Message-ID: <m1@example.org>",
        "Date: Tue, 01 Jul 2025 10:00:00 +0000",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Body line",
      ].join("\r\n"),
    );
    const m = await parseRawMessage(raw, { mailFrom: "bounce@example.org", rcptTo: ["x@example.org"] });
    expect(m).toMatchObject({
      messageId: "<m1@example.org>",
      from: '"Disclose" <security@example.org>',
      to: ["a@example.org", "b@example.org", "c@example.org"],
      subject: "écho",
      date: "2025-07-01T10:00:00.000Z",
      size: raw.byteLength,
      text: "Body line",
      html: null,
      envelope: { mailFrom: "bounce@example.org", rcptTo: ["x@example.org"] },
    });
  });
});

describe("parseRawMessage of a PGP/MIME reply", () => {
  it("keeps the encrypted part and the Reply-To, so a test can play the reporter who decrypts and answers", async () => {
    const armored = "-----BEGIN PGP MESSAGE-----\r\n\r\nwV4D\r\n-----END PGP MESSAGE-----\r\n";
    const raw = await buildPgpMimeMessage({
      from: "Disclose <security@example.org>",
      to: "rita@example.org",
      subject: "A message from the security team about your report",
      messageId: "<outbox.3@example.org>",
      date: new Date("2026-12-01T10:00:00Z"),
      armored,
      headers: { "Reply-To": "security+r-abc@example.org" },
    });
    const m = await parseRawMessage(raw, { mailFrom: "security@example.org", rcptTo: ["rita@example.org"] });
    expect(m.encrypted?.replaceAll("\r\n", "\n")).toBe(armored.replaceAll("\r\n", "\n"));
    expect(m.replyTo).toEqual(["security+r-abc@example.org"]);
    const plain = await parseRawMessage(Buffer.from("From: a@b.c\r\nTo: d@e.f\r\n\r\nHi"), {
      mailFrom: null,
      rcptTo: [],
    });
    expect(plain).toMatchObject({ encrypted: null, replyTo: [] });
  });
});

describe("SMTP sink", () => {
  it("stores what it receives and serves it newest first", async () => {
    const transport = createTransport(sink.smtpUrl);
    for (const n of [1, 2]) {
      await transport.sendMail({
        from: "Disclose <security@example.org>",
        to: "reporter@example.org",
        bcc: "hidden@example.org",
        subject: `Message ${n}`,
        text: `Text ${n}`,
        html: `<p>Html ${n}</p>`,
        messageId: `<n${n}@example.org>`,
      });
    }
    transport.close();
    const list = await listSinkMessages({ baseUrl: sink.baseUrl });
    expect(list.map((m) => m.subject)).toEqual(["Message 2", "Message 1"]);
    expect(list[0]).not.toHaveProperty("text");
    const full = await getSinkMessage({ baseUrl: sink.baseUrl, id: list[0]!.id });
    expect(full).toMatchObject({
      messageId: "<n2@example.org>",
      to: ["reporter@example.org"],
      text: "Text 2",
      html: "<p>Html 2</p>",
      envelope: { mailFrom: "security@example.org", rcptTo: ["reporter@example.org", "hidden@example.org"] },
    });
    expect((await readdir(dir)).filter((f) => f.endsWith(".json"))).toHaveLength(2);
  });

  it("records a repeated message as many times as it was sent", async () => {
    const transport = createTransport(sink.smtpUrl);
    const mail = {
      from: "a@example.org",
      to: "b@example.org",
      subject: "Again",
      text: "x",
      messageId: "<same@x>",
    };
    await transport.sendMail(mail);
    await transport.sendMail(mail);
    transport.close();
    expect(await listSinkMessages({ baseUrl: sink.baseUrl })).toHaveLength(2);
  });

  it("refuses a message over the size cap and stores nothing", async () => {
    const transport = createTransport(sink.smtpUrl);
    await expect(
      transport.sendMail({
        from: "a@example.org",
        to: "b@example.org",
        subject: "Big",
        text: "x".repeat(100_000),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    transport.close();
    expect(await listSinkMessages({ baseUrl: sink.baseUrl })).toEqual([]);
  });

  it.each(["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "nope", "000000000000001-000001-1.json"])(
    "answers 404 for the id %s",
    async (id) => {
      expect(await getSinkMessage({ baseUrl: sink.baseUrl, id })).toBeNull();
    },
  );

  it("refuses requests for another Host (DNS rebinding)", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: sink.httpPort,
          path: "/api/messages",
          headers: { host: "evil.example:80" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});
