import type { TIncomingMail } from "@disclose/domain";
import { type AddressObject, type HeaderValue, type ParsedMail, simpleParser } from "mailparser";

/** The headers intake decides on (the domain's own model of them). */
export type TMailHeaders = Required<TIncomingMail>;

export interface TReadMail {
  headers: TMailHeaders;
  /** The Date header, when it is a date. */
  date: Date | null;
  /** The Message-ID, angle brackets included, when it is one (a receipt answers it in In-Reply-To). */
  messageId: string | null;
  /** The text a person reads: the plain part, or the HTML part turned into text. */
  text: string;
  attachments: { name: string; type: string; data: Uint8Array }[];
  /**
   * The armored OpenPGP message the mail carries instead of text: a PGP/MIME (RFC 3156) encrypted part, or an
   * inline message making up the whole body.
   */
  armoredMessage: string | null;
  /**
   * The sender's own OpenPGP public keys the mail offers, unchecked: an Autocrypt header's keydata (binary; only
   * when its addr is the From address) first, then each attached armored public key.
   */
  offeredKeys: (string | Uint8Array)[];
}

const PUBLIC_KEY_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
/** An Autocrypt header carries one key of a few kB; anything far larger is not one. */
const AUTOCRYPT_MAX_CHARS = 100_000;

/** The key of an Autocrypt header (Autocrypt Level 1: `addr=…; [prefer-encrypt=mutual;] keydata=<base64>`). */
function autocryptKey(value: string, from: string | null): Uint8Array | null {
  if (from === null || value.length > AUTOCRYPT_MAX_CHARS) return null;
  const attributes = new Map<string, string>();
  for (const part of value.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) attributes.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const addr = attributes.get("addr")?.toLowerCase();
  const keydata = attributes.get("keydata")?.replace(/\s+/g, "");
  if (addr !== from || !keydata || !/^[A-Za-z0-9+/]+={0,2}$/.test(keydata)) return null;
  const bytes = Buffer.from(keydata, "base64");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const ARMOR_BEGIN = "-----BEGIN PGP MESSAGE-----";
const ARMOR_END = "-----END PGP MESSAGE-----";

function headerText(value: HeaderValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => String(v)).join(", ");
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && "value" in value) {
    const v = (value as { value: unknown; params?: Record<string, string> }).value;
    const params = (value as { params?: Record<string, string> }).params ?? {};
    return [String(v), ...Object.entries(params).map(([k, p]) => `${k}=${p}`)].join("; ");
  }
  if (typeof value === "object" && "text" in value) return String((value as { text: unknown }).text);
  return String(value);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase())).filter(Boolean);
}

function rawValues(lines: readonly { key: string; line: string }[], name: string): string[] {
  return lines
    .filter((l) => l.key === name)
    .map((l) =>
      l.line
        .slice(l.line.indexOf(":") + 1)
        .replace(/\r?\n[ \t]+/g, " ")
        .trim(),
    );
}

/** What intake reads of a message's headers alone: enough to decide on it and to answer it. */
export type TMailHead = Pick<TReadMail, "headers" | "date" | "messageId">;

/** The domain's header model, the date and the Message-ID of a parsed message (whole, or its header block). */
function headOf(parsed: ParsedMail, sizeBytes: number): TMailHead {
  const h = parsed.headers;
  const raw = parsed.headerLines;
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
  return {
    headers: {
      from: addresses(parsed.from)[0] ?? null,
      returnPath: rawValues(raw, "return-path")[0] ?? null,
      autoSubmitted: headerText(h.get("auto-submitted")),
      precedence: headerText(h.get("precedence")),
      listId: rawValues(raw, "list-id").join(", ") || null,
      listUnsubscribe: h.has("list-unsubscribe"),
      contentType: headerText(h.get("content-type")),
      xAutoResponseSuppress: headerText(h.get("x-auto-response-suppress")),
      xLoop: rawValues(raw, "x-loop"),
      inReplyTo: parsed.inReplyTo ?? null,
      references: parsed.references === undefined ? [] : [parsed.references].flat(),
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      deliveredTo: rawValues(raw, "delivered-to").map((v) => v.toLowerCase()),
      sizeBytes,
      subject: parsed.subject ?? null,
      autoReplyHeader: ["x-autoreply", "x-autorespond", "x-autoresponder"].some((name) => h.has(name)),
    },
    date,
    messageId: parsed.messageId && /^<[\x21-\x7e]{3,250}>$/.test(parsed.messageId) ? parsed.messageId : null,
  };
}

/**
 * Reads a message's header block alone (IMAP BODY.PEEK[HEADER] of mail too large to download) into the same model
 * as readMail; `sizeBytes` is the whole message's size as the server reports it. Throws on headers it cannot read.
 */
export async function readMailHeaders(header: Buffer, sizeBytes: number): Promise<TMailHead> {
  // The header block ends with its blank line; one is added in case a server leaves it out (no body follows).
  const block = /\r?\n\r?\n$/.test(header.toString("latin1"))
    ? header
    : Buffer.concat([header, Buffer.from("\r\n")]);
  return headOf(await simpleParser(block, { skipImageLinks: true, skipTextToHtml: true }), sizeBytes);
}

/**
 * Reads a raw message as intake needs it, in memory only: mailparser keeps attachments as buffers (nothing goes
 * to a temporary file), decodes transfer encodings and charsets (ISO-8859-1, Windows-1252, Shift_JIS…), and makes
 * text of an HTML-only message. Throws on a message it cannot read at all.
 */
export async function readMail(source: Buffer): Promise<TReadMail> {
  const parsed = await simpleParser(source, {
    skipImageLinks: true,
    skipTextToHtml: true,
    keepCidLinks: false,
  });
  const head = headOf(parsed, source.byteLength);
  const contentType = head.headers.contentType;
  const text = (parsed.text ?? "").trim();
  const attachments = parsed.attachments.map((a, i) => ({
    name: a.filename?.trim() || `attachment-${i + 1}`,
    type: a.contentType || "application/octet-stream",
    data: new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength),
  }));

  let armoredMessage: string | null = null;
  if (contentType?.toLowerCase().startsWith("multipart/encrypted")) {
    const part = parsed.attachments.find((a) => a.content.toString("latin1").includes(ARMOR_BEGIN));
    if (part) armoredMessage = part.content.toString("utf8");
  } else if (text.startsWith(ARMOR_BEGIN) && text.endsWith(ARMOR_END)) {
    armoredMessage = text;
  }
  const from = head.headers.from;
  const offeredKeys: (string | Uint8Array)[] = [
    ...rawValues(parsed.headerLines, "autocrypt").flatMap((v) => autocryptKey(v, from) ?? []),
    ...parsed.attachments
      .filter(
        (a) =>
          a.contentType?.toLowerCase() === "application/pgp-keys" ||
          a.content.subarray(0, 200).toString("latin1").includes(PUBLIC_KEY_BEGIN),
      )
      .map((a) => a.content.toString("utf8")),
  ];
  return {
    ...head,
    text: armoredMessage ? "" : text,
    attachments:
      armoredMessage && contentType?.toLowerCase().startsWith("multipart/encrypted") ? [] : attachments,
    armoredMessage,
    offeredKeys,
  };
}
