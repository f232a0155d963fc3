// Attachments and PGP/MIME through the outbox: stored with the message in the caller's transaction, sent by the
// delivery (the raw message is captured from a streaming transport), and gone from the database once delivered.
import { createTestDatabase } from "@disclose/db/testing";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaptureTransport } from "./capture-transport";
import { DELIVERED_BODY_PLACEHOLDER, deliverOutboxMessage } from "./deliver";
import { enqueueEmail } from "./outbox";
import type { EmailTransport } from "./transport";
import { installJobQueue } from "./worker";

const FROM = "Disclose <security@disclose.test>";
const ARMORED = "-----BEGIN PGP MESSAGE-----\n\nwV4DAAAAAAAAAAASAQdA\n=abcd\n-----END PGP MESSAGE-----\n";

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
  await installJobQueue(t.url);
});

afterAll(async () => {
  await t?.drop();
});

async function deliver(outboxId: string) {
  const { transport, sent } = createCaptureTransport();
  const outcome = await deliverOutboxMessage({
    db: t.db,
    transport,
    from: FROM,
    outboxId,
    attempt: 1,
    maxAttempts: 3,
  });
  return { outcome, sent };
}

describe("outbox attachments", () => {
  it("sends the attachment with the message and deletes it from the outbox once delivered", async () => {
    const ics = new TextEncoder().encode("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n");
    const { id } = await t.db.$transaction((tx) =>
      enqueueEmail(tx, {
        to: "member@distro.example",
        subject: "With a calendar entry",
        text: "See the attachment.",
        attachments: [{ filename: "embargo.ics", contentType: "text/calendar; charset=utf-8", content: ics }],
      }),
    );
    expect(await t.db.outboxAttachment.count({ where: { outboxMessageId: id } })).toBe(1);

    const { outcome, sent } = await deliver(id);
    expect(outcome.outcome).toBe("sent");
    const parsed = await simpleParser(sent[0]?.raw ?? Buffer.alloc(0));
    expect(parsed.text?.trim()).toBe("See the attachment.");
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe("embargo.ics");
    expect(parsed.attachments[0]?.contentType).toBe("text/calendar");
    expect(Buffer.from(parsed.attachments[0]?.content ?? []).equals(Buffer.from(ics))).toBe(true);

    expect(await t.db.outboxAttachment.count({ where: { outboxMessageId: id } })).toBe(0);
    expect(await t.db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SENT",
      textBody: DELIVERED_BODY_PLACEHOLDER,
    });
  });

  it("keeps the attachment when the delivery fails, for the retry", async () => {
    const { id } = await t.db.$transaction((tx) =>
      enqueueEmail(tx, {
        to: "member@distro.example",
        subject: "Retry",
        text: "x",
        attachments: [{ filename: "a.txt", contentType: "text/plain", content: new Uint8Array([65]) }],
      }),
    );
    const failing = {
      sendMail: async () => {
        throw new Error("down");
      },
    } as unknown as EmailTransport;
    const outcome = await deliverOutboxMessage({
      db: t.db,
      transport: failing,
      from: FROM,
      outboxId: id,
      attempt: 1,
      maxAttempts: 3,
    });
    expect(outcome.outcome).toBe("retry");
    expect(await t.db.outboxAttachment.count({ where: { outboxMessageId: id } })).toBe(1);
  });

  it("rolls back the attachments with the caller's transaction", async () => {
    let id = "";
    await expect(
      t.db.$transaction(async (tx) => {
        id = (
          await enqueueEmail(tx, {
            to: "member@distro.example",
            subject: "Rolled back",
            text: "x",
            attachments: [{ filename: "a.txt", contentType: "text/plain", content: new Uint8Array([65]) }],
          })
        ).id;
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await t.db.outboxAttachment.count({ where: { outboxMessageId: id } })).toBe(0);
  });
});

describe("outbox PGP/MIME", () => {
  it("sends multipart/encrypted with the armored part as given and blanks it once delivered", async () => {
    const { id } = await t.db.$transaction((tx) =>
      enqueueEmail(tx, {
        to: "security@distro.example",
        subject: "[EMBARGOED] Acme case 0123abcd: action needed by 2027-01-05 12:00 UTC",
        text: "(PGP/MIME)",
        pgpEncrypted: ARMORED,
      }),
    );
    const { outcome, sent } = await deliver(id);
    expect(outcome.outcome).toBe("sent");
    expect(sent[0]?.envelope).toEqual({ from: "security@disclose.test", to: ["security@distro.example"] });
    const raw = sent[0]?.raw.toString("utf8") ?? "";
    expect(raw.replace(/\r\n[ \t]/g, " ")).toMatch(
      /^Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted";/m,
    );
    expect(raw).toContain(ARMORED.replace(/\n/g, "\r\n"));
    expect(raw).not.toContain("(PGP/MIME)");
    expect(await t.db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SENT",
      pgpEncrypted: null,
    });
  });
});
