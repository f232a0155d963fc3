import { HOUR_MS } from "../time/utc";
import { bytesText } from "../validation/bytes-text";

// Limits of mail intake. A mailbox takes mail from anyone, so each limit bounds what one message, one sender or
// everyone together can make Disclose store and encrypt; each is generous enough that an honest reporter never
// meets it. Mail beyond a limit is never dropped: it is answered (oversize) or waits (rates), see the worker.

const MB = 1024 * 1024;

/**
 * The whole raw message. Base64 makes attachments a third larger on the wire, so 25 MB of attachments (what the
 * web form takes) plus text and headers fit under 40 MB; beyond it the message is bounced unread.
 */
export const MAIL_MAX_BYTES = 40 * MB;

/** One attachment, decoded: the web form's limit for a file, so both ways in take the same files. */
export const MAIL_ATTACHMENT_MAX_BYTES = 25 * MB;

/** All attachments together, decoded: the web form's total, the size a report's attachments may have. */
export const MAIL_ATTACHMENTS_MAX_TOTAL_BYTES = 25 * MB;

/**
 * Attachments per message. Twice the web form's ten: mail clients add parts nobody chose (inline logos, a
 * signature, the sender's key), and every part costs one encryption and one row.
 */
export const MAIL_ATTACHMENTS_MAX_COUNT = 20;

/** A rate limit as the api's rate-limit counters take it (`TRateLimitRule`). */
export interface TMailRateLimitRule {
  readonly name: string;
  readonly points: number;
  readonly windowMs: number;
}

export const MAIL_RATE_LIMITS = {
  /**
   * Messages taken per sender address (From, lower-cased): a reporter sends a few mails about one issue; a
   * flood from one address must not bury the others. A forged From escapes it, hence `all`.
   */
  perSender: [
    { name: "mail-intake:sender:hour", points: 10, windowMs: HOUR_MS },
    { name: "mail-intake:sender:day", points: 50, windowMs: 24 * HOUR_MS },
  ],
  /**
   * Messages taken in all: a backstop against a flood from many addresses filling the disk. A project gets a few
   * reports a day; the benchmark's 1,000 waiting messages must still fit in one window.
   */
  all: [{ name: "mail-intake:all:hour", points: 1_200, windowMs: HOUR_MS }],
  /**
   * Automatic mail (receipts and bounces) to one address: From can be forged, so without this anyone could make
   * us mail a stranger over and over. Beyond it the report is still taken, only the receipt is left out.
   */
  automaticPerRecipient: [
    { name: "mail-auto:recipient:hour", points: 5, windowMs: HOUR_MS },
    { name: "mail-auto:recipient:day", points: 20, windowMs: 24 * HOUR_MS },
  ],
} as const satisfies Record<string, readonly TMailRateLimitRule[]>;

/** Why a message is sent back. Sizes of the original are metadata; nothing of its content appears here. */
export type TIntakeBounceReason =
  | { readonly kind: "too-large"; readonly sizeBytes: number; readonly limitBytes: number }
  | {
      readonly kind: "attachment-too-large";
      /** 1-based, in the order the message carries them (names are content and are never repeated). */
      readonly position: number;
      readonly sizeBytes: number;
      readonly limitBytes: number;
    }
  | { readonly kind: "too-many-attachments"; readonly count: number; readonly limit: number }
  | { readonly kind: "attachments-too-large"; readonly sizeBytes: number; readonly limitBytes: number };

export type TAttachmentsCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: TIntakeBounceReason; readonly message: string };

/** An attachment as the parser lists it. The name is accepted but never used: it is the reporter's content. */
export interface TMailAttachmentSize {
  readonly name?: string;
  readonly size: number;
}

const checkedSize = (size: number): number => {
  if (!Number.isSafeInteger(size) || size < 0)
    throw new RangeError(`An attachment size must be ≥ 0, got ${size}`);
  return size;
};

/**
 * Whether a message's attachments are within the limits, or the first offence with the sentence a person reads
 * in the bounce: one too large file (the first, by position), then too many files, then too much together.
 */
export function attachmentsWithinLimits(attachments: readonly TMailAttachmentSize[]): TAttachmentsCheck {
  let total = 0;
  for (const [index, attachment] of attachments.entries()) {
    const size = checkedSize(attachment.size);
    if (size > MAIL_ATTACHMENT_MAX_BYTES) {
      return offence({
        kind: "attachment-too-large",
        position: index + 1,
        sizeBytes: size,
        limitBytes: MAIL_ATTACHMENT_MAX_BYTES,
      });
    }
    total += size;
  }
  if (attachments.length > MAIL_ATTACHMENTS_MAX_COUNT) {
    return offence({
      kind: "too-many-attachments",
      count: attachments.length,
      limit: MAIL_ATTACHMENTS_MAX_COUNT,
    });
  }
  if (total > MAIL_ATTACHMENTS_MAX_TOTAL_BYTES) {
    return offence({
      kind: "attachments-too-large",
      sizeBytes: total,
      limitBytes: MAIL_ATTACHMENTS_MAX_TOTAL_BYTES,
    });
  }
  return { ok: true };
}

const offence = (reason: TIntakeBounceReason): TAttachmentsCheck => ({
  ok: false,
  reason,
  message: bounceReasonText(reason),
});

/** A size over a limit, never shown as equal to it ("40 MB + 1 byte" reads "more than 40 MB"). */
const sizeOver = (size: number, limit: number): string =>
  bytesText(size) === bytesText(limit) ? `more than ${bytesText(limit)}` : bytesText(size);

const ordinal = (n: number): string => {
  const words = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
  ];
  const word = words[n - 1];
  if (word) return word;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n.toLocaleString("en")}${suffix}`;
};

/** The one sentence that says which limit a message broke. */
export function bounceReasonText(reason: TIntakeBounceReason): string {
  switch (reason.kind) {
    case "too-large":
      return `The message is ${sizeOver(reason.sizeBytes, reason.limitBytes)}; a message may be at most ${bytesText(reason.limitBytes)}, attachments included.`;
    case "attachment-too-large":
      return `The ${ordinal(reason.position)} attachment is ${sizeOver(reason.sizeBytes, reason.limitBytes)}; each attachment may be at most ${bytesText(reason.limitBytes)}.`;
    case "too-many-attachments":
      return `The message has ${reason.count.toLocaleString("en")} attachments; a message may have at most ${reason.limit.toLocaleString("en")}.`;
    case "attachments-too-large":
      return `The attachments are ${sizeOver(reason.sizeBytes, reason.limitBytes)} together; all attachments of a message may be at most ${bytesText(reason.limitBytes)} together.`;
  }
}

/** The subject of the bounce: fixed, so that nothing of the original's subject is repeated or stored. */
export const INTAKE_BOUNCE_SUBJECT = "Your message to the security team was not received";

/**
 * The plain-text body of the bounce for an oversize message or one with too many or too large attachments. It
 * names the limit and the way forward, and repeats nothing of the original (not its subject, text or file names):
 * it travels in clear and is stored in the outbox. Send it only when `mayAutoReply` allows, with
 * `autoReplyHeaders`.
 */
export function bounceText(reason: TIntakeBounceReason): string {
  return [
    "Your message to the security team was not received as a report.",
    "",
    bounceReasonText(reason),
    "",
    "Please send it again within these limits:",
    `- a message of at most ${bytesText(MAIL_MAX_BYTES)}, attachments included;`,
    `- at most ${MAIL_ATTACHMENTS_MAX_COUNT} attachments, each at most ${bytesText(MAIL_ATTACHMENT_MAX_BYTES)} and all together at most ${bytesText(MAIL_ATTACHMENTS_MAX_TOTAL_BYTES)}.`,
    "",
    "Leave out or shrink the largest files. If a file cannot be made smaller, describe it in your message and the team will tell you how to send it.",
    "",
    "This is an automatic message.",
    "",
  ].join("\n");
}
