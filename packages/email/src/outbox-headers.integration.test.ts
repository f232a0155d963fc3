// Per-message headers through the outbox (List-Unsubscribe and List-Unsubscribe-Post on announcements): stored
// with the message by enqueueEmail and enqueueEmails, sent by the delivery exactly as given, and their values gone
// from the database once delivered (an unsubscribe link is a capability).
import { createTestDatabase } from "@disclose/db/testing";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaptureTransport } from "./capture-transport";
import { DELIVERED_BODY_PLACEHOLDER, deliverOutboxMessage } from "./deliver";
import { InvalidEmailError } from "./message";
import { enqueueEmail, enqueueEmails } from "./outbox";
import { installJobQueue } from "./worker";

const FROM = "Disclose <security@disclose.test>";
const LONG_URL = `https://portal.example/announcements/unsubscribe/one-click?s=0b8a6f0e-3c1d-4a55-9d61-5f2f2b1c9e11&t=${"A".repeat(43)}`;

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

/** The raw header lines of a message, unfolded, by lowercase name. */
function rawHeaders(raw: Buffer): Map<string, string> {
  const head = raw.toString("utf8").split("\r\n\r\n")[0] ?? "";
  const map = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    map.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}

describe("outbox headers", () => {
  it("sends List-Unsubscribe and List-Unsubscribe-Post as given and erases their values once delivered", async () => {
    const headers = {
      "List-Unsubscribe": `<${LONG_URL}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    };
    const { id } = await t.db.$transaction((tx) =>
      enqueueEmail(tx, { to: "subscriber@example.org", subject: "Announcement", text: "Upgrade.", headers }),
    );
    expect((await t.db.outboxMessage.findUniqueOrThrow({ where: { id } })).headers).toEqual(headers);

    const { outcome, sent } = await deliver(id);
    expect(outcome.outcome).toBe("sent");
    const raw = sent[0]?.raw ?? Buffer.alloc(0);
    const lines = rawHeaders(raw);
    expect(lines.get("list-unsubscribe")).toBe(`<${LONG_URL}>`);
    expect(lines.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const parsed = await simpleParser(raw);
    expect(parsed.text?.trim()).toBe("Upgrade.");

    expect((await t.db.outboxMessage.findUniqueOrThrow({ where: { id } })).headers).toEqual({
      "List-Unsubscribe": DELIVERED_BODY_PLACEHOLDER,
      "List-Unsubscribe-Post": DELIVERED_BODY_PLACEHOLDER,
    });
  });

  it("writes each message's own headers with enqueueEmails, and none where none were given", async () => {
    const messages = Array.from({ length: 5 }, (_, i) => ({
      to: `s${i}@example.org`,
      subject: "Announcement",
      text: `Hello ${i}`,
      ...(i === 4 ? {} : { headers: { "List-Unsubscribe": `<https://portal.example/u?s=${i}>` } }),
    }));
    const { ids } = await t.db.$transaction((tx) => enqueueEmails(tx, messages));
    const rows = await t.db.outboxMessage.findMany({ where: { id: { in: ids } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    ids.forEach((id, i) => {
      expect(byId.get(id)?.headers).toEqual(
        i === 4 ? null : { "List-Unsubscribe": `<https://portal.example/u?s=${i}>` },
      );
    });
    const { sent } = await deliver(ids[2] as string);
    expect(rawHeaders(sent[0]?.raw ?? Buffer.alloc(0)).get("list-unsubscribe")).toBe(
      "<https://portal.example/u?s=2>",
    );
    const plain = await deliver(ids[4] as string);
    expect(rawHeaders(plain.sent[0]?.raw ?? Buffer.alloc(0)).has("list-unsubscribe")).toBe(false);
  });

  it("refuses a header injection before writing anything", async () => {
    const before = await t.db.outboxMessage.count();
    await expect(
      t.db.$transaction((tx) =>
        enqueueEmails(tx, [
          { to: "a@example.org", subject: "x", text: "x" },
          {
            to: "b@example.org",
            subject: "x",
            text: "x",
            headers: { "List-Unsubscribe": "<https://x.test/u>\r\nBcc: eve@example.org" },
          },
        ]),
      ),
    ).rejects.toBeInstanceOf(InvalidEmailError);
    await expect(
      t.db.$transaction((tx) =>
        enqueueEmail(tx, {
          to: "a@example.org",
          subject: "x",
          text: "x",
          headers: { Bcc: "eve@example.org" } as never,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidEmailError);
    expect(await t.db.outboxMessage.count()).toBe(before);
  });

  it("does not send a header the allow-list does not hold, even when the row was changed behind its back", async () => {
    const { id } = await t.db.$transaction((tx) =>
      enqueueEmail(tx, { to: "a@example.org", subject: "Tampered", text: "x" }),
    );
    await t.db.outboxMessage.update({ where: { id }, data: { headers: { Bcc: "eve@example.org" } } });
    const { outcome, sent } = await deliver(id);
    expect(outcome.outcome).toBe("retry");
    expect(sent).toHaveLength(0);
  });
});
