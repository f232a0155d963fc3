import { z } from "zod";

/** Limits keep one bad caller from filling the outbox or an inbox. */
export const EMAIL_LIMITS = {
  address: 254,
  subject: 200,
  text: 200_000,
  html: 500_000,
  attachments: 10,
  attachmentFileName: 200,
  /** Bytes of all attachments together. */
  attachmentBytes: 10_000_000,
  /** Characters of an armored PGP/MIME encrypted part. */
  pgpEncrypted: 20_000_000,
  /** Characters of one extra header's value (a List-Unsubscribe URL in angle brackets). */
  headerValue: 2_000,
} as const;

const noLineBreaks = (v: string) => !/[\r\n]/.test(v);

/**
 * The only extra headers a message may carry (RFC 2369 / RFC 8058 list headers, RFC 2919 List-Id, Precedence),
 * by their canonical spelling. Anything else (From, Bcc, Reply-To, …) is refused: the outbox never lets a caller
 * reshape who a message is from or to.
 */
export const ALLOWED_EMAIL_HEADERS = [
  "List-Unsubscribe",
  "List-Unsubscribe-Post",
  "List-Id",
  "Precedence",
  // Automatic answers (the receipt for mail to the security address): marked so, so no program answers them.
  "Auto-Submitted",
  "X-Loop",
  "X-Auto-Response-Suppress",
  "In-Reply-To",
  "References",
  // A report by email: the address the reporter's answer goes to, carrying that report's reply token. Set by the
  // server only (never from a person's input), and one plain address like every recipient here.
  "Reply-To",
] as const;
export type TEmailHeaderName = (typeof ALLOWED_EMAIL_HEADERS)[number];

/** The headers an encrypted (PGP/MIME) message may carry: only those a conversation by mail needs. */
const PGP_MIME_HEADERS: ReadonlySet<string> = new Set(["Reply-To", "In-Reply-To", "References"]);

// Printable ASCII and spaces only: no CR/LF (header injection), no other control character, no raw 8-bit text
// that would need encoding (a header value here is a URL in angle brackets or a short token).
const HEADER_VALUE = /^[\x20-\x7e]+$/;

export const ZEmailHeaders = z
  .partialRecord(
    z.enum(ALLOWED_EMAIL_HEADERS, {
      error: `only ${ALLOWED_EMAIL_HEADERS.join(", ")} may be set`,
    }),
    z
      .string()
      .min(1, "must not be empty")
      .max(EMAIL_LIMITS.headerValue, `at most ${EMAIL_LIMITS.headerValue} characters`)
      .refine(noLineBreaks, "must be a single line")
      .refine((v) => HEADER_VALUE.test(v), "printable ASCII characters only"),
  )
  .refine((h) => Object.keys(h).length > 0, "give at least one header, or none at all");
export type TEmailHeaders = z.infer<typeof ZEmailHeaders>;

export const ZEmailAttachment = z.object({
  // A plain name: no path, no line break, nothing a header could be smuggled through.
  filename: z
    .string()
    .min(1, "must not be empty")
    .max(EMAIL_LIMITS.attachmentFileName, `at most ${EMAIL_LIMITS.attachmentFileName} characters`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, "letters, digits, dot, dash, underscore and space only"),
  contentType: z
    .string()
    .max(200, "at most 200 characters")
    .regex(
      /^[a-z0-9.+-]+\/[a-z0-9.+-]+(; ?[a-z0-9-]+=[A-Za-z0-9.-]+)*$/i,
      "must be a MIME type such as text/calendar",
    ),
  content: z.instanceof(Uint8Array, { message: "must be bytes" }),
});

export type TEmailAttachment = z.infer<typeof ZEmailAttachment>;

export const ZEmailMessage = z
  .object({
    // One plain address per message: no display names, no lists, nothing a header could be smuggled through.
    to: z
      .string()
      .trim()
      .max(EMAIL_LIMITS.address, `at most ${EMAIL_LIMITS.address} characters`)
      .pipe(z.email("not a valid email address")),
    subject: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(EMAIL_LIMITS.subject, `at most ${EMAIL_LIMITS.subject} characters`)
      .refine(noLineBreaks, "must be a single line"),
    text: z
      .string()
      .min(1, "must not be empty")
      .max(EMAIL_LIMITS.text, `at most ${EMAIL_LIMITS.text} characters`),
    html: z.string().max(EMAIL_LIMITS.html, `at most ${EMAIL_LIMITS.html} characters`).optional(),
    attachments: z
      .array(ZEmailAttachment)
      .max(EMAIL_LIMITS.attachments, `at most ${EMAIL_LIMITS.attachments} attachments`)
      .refine(
        (list) => list.reduce((n, a) => n + a.content.byteLength, 0) <= EMAIL_LIMITS.attachmentBytes,
        `at most ${EMAIL_LIMITS.attachmentBytes} bytes in all`,
      )
      .optional(),
    /**
     * An armored OpenPGP message: when set, the message goes out as PGP/MIME (RFC 3156) with this as its encrypted
     * part, and `text`/`html` are kept in the outbox only (never sent). Encrypted by the sender's browser; the
     * server neither decrypts nor re-encrypts it.
     */
    pgpEncrypted: z
      .string()
      .max(EMAIL_LIMITS.pgpEncrypted, `at most ${EMAIL_LIMITS.pgpEncrypted} characters`)
      .refine(
        (v) => /^-----BEGIN PGP MESSAGE-----\r?\n[\x20-\x7e\r\n]*-----END PGP MESSAGE-----\r?\n?$/.test(v),
        "must be an ASCII-armored OpenPGP message",
      )
      .optional(),
    /** Extra headers of this message only, from a short allow-list (ALLOWED_EMAIL_HEADERS). */
    headers: ZEmailHeaders.optional(),
  })
  .refine((m) => !(m.pgpEncrypted && (m.attachments?.length || m.html)), {
    path: ["pgpEncrypted"],
    message: "a PGP/MIME message carries nothing else: no attachments, no HTML",
  })
  .refine(
    (m) => !(m.pgpEncrypted && m.headers && Object.keys(m.headers).some((h) => !PGP_MIME_HEADERS.has(h))),
    {
      path: ["headers"],
      message: "a PGP/MIME message carries no extra headers but Reply-To, In-Reply-To and References",
    },
  );

export type TEmailMessage = z.infer<typeof ZEmailMessage>;

/** Thrown when a message is refused before it reaches the outbox. `issues` names each bad field. */
export class InvalidEmailError extends Error {
  override readonly name = "InvalidEmailError";
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`Invalid email: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
  }
}

export function parseEmailMessage(input: unknown): TEmailMessage {
  const result = ZEmailMessage.safeParse(input);
  if (!result.success) {
    throw new InvalidEmailError(
      result.error.issues.map((i) => ({ field: i.path.join(".") || "(message)", message: i.message })),
    );
  }
  return result.data;
}

/**
 * The Message-ID of an outbox message. It depends only on the outbox id, so every retry of the same message
 * carries the same Message-ID and a receiver can recognise a repeat.
 */
export function messageIdFor(outboxId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "disclose.localhost";
  return `<outbox.${outboxId}@${domain}>`;
}
