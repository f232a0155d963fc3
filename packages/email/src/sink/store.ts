import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import type { SinkMessage, SinkMessageSummary } from "./types";

/** Ids are `<ms since epoch, 15 digits>-<6-digit sequence>-<pid>`: sortable by arrival, safe as file names. */
const ID_PATTERN = /^\d{15}-\d{6}-\d+$/;

export function isSinkMessageId(id: string): boolean {
  return ID_PATTERN.test(id);
}

let sequence = 0;
function nextId(now: Date): string {
  sequence = (sequence + 1) % 1_000_000;
  return `${String(now.getTime()).padStart(15, "0")}-${String(sequence).padStart(6, "0")}-${process.pid}`;
}

function addressList(value: ParsedMail["to"]): string[] {
  if (value === undefined) return [];
  const groups = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const group of groups) {
    for (const a of group.value) {
      if (a.address) out.push(a.address);
      for (const member of a.group ?? []) if (member.address) out.push(member.address);
    }
  }
  return out;
}

export interface Envelope {
  mailFrom: string | null;
  rcptTo: string[];
}

/** A Content-Type header's type as mailparser gives it (an object with `value`, or text). */
function contentTypeOf(header: unknown): string {
  if (header && typeof header === "object" && "value" in header) return String(header.value);
  return typeof header === "string" ? header : "";
}

/** Parses a raw RFC 5322 message into what the sink stores. */
export async function parseRawMessage(
  raw: Buffer,
  envelope: Envelope,
  receivedAt: Date = new Date(),
): Promise<SinkMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return {
    id: nextId(receivedAt),
    messageId: parsed.messageId ?? null,
    from: parsed.from?.text ?? envelope.mailFrom ?? "",
    to: addressList(parsed.to),
    subject: parsed.subject ?? "",
    date: parsed.date ? parsed.date.toISOString() : null,
    receivedAt: receivedAt.toISOString(),
    size: raw.byteLength,
    text: parsed.text ?? null,
    html: typeof parsed.html === "string" ? parsed.html : null,
    replyTo: addressList(parsed.replyTo),
    encrypted: /^multipart\/encrypted/i.test(contentTypeOf(parsed.headers.get("content-type")))
      ? (parsed.attachments
          .map((a) => a.content.toString("utf8"))
          .find((c) => c.includes("-----BEGIN PGP MESSAGE-----")) ?? null)
      : null,
    envelope,
  };
}

export function summarize(m: SinkMessage): SinkMessageSummary {
  return {
    id: m.id,
    messageId: m.messageId,
    from: m.from,
    to: m.to,
    subject: m.subject,
    date: m.date,
    receivedAt: m.receivedAt,
    size: m.size,
  };
}

/** The sink's mailbox: one JSON file per message in `dir`. */
export class SinkStore {
  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  async save(message: SinkMessage): Promise<void> {
    const file = path.join(this.dir, `${message.id}.json`);
    const tmp = `${file}.tmp`;
    await writeFile(tmp, JSON.stringify(message), { mode: 0o600 });
    await rename(tmp, file);
  }

  private async ids(): Promise<string[]> {
    const names = await readdir(this.dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return [] as string[];
      throw e;
    });
    return names
      .filter((n) => n.endsWith(".json"))
      .map((n) => n.slice(0, -".json".length))
      .filter(isSinkMessageId)
      .sort()
      .reverse();
  }

  /** Newest first. */
  async list(limit = 200): Promise<SinkMessageSummary[]> {
    const out: SinkMessageSummary[] = [];
    for (const id of (await this.ids()).slice(0, limit)) {
      const m = await this.get(id);
      if (m) out.push(summarize(m));
    }
    return out;
  }

  async get(id: string): Promise<SinkMessage | null> {
    if (!isSinkMessageId(id)) return null;
    try {
      return JSON.parse(await readFile(path.join(this.dir, `${id}.json`), "utf8")) as SinkMessage;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async clear(): Promise<void> {
    for (const id of await this.ids()) await rm(path.join(this.dir, `${id}.json`), { force: true });
  }
}
