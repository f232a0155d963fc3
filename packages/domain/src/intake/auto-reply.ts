import { isAutomaticMail } from "./classify-incoming";
import {
  bareAddress,
  hasAddress,
  hasListHeaders,
  hasNullSender,
  headerWords,
  isAutoSubmitted,
  isBounceSender,
  isOwnAddress,
  isPlainAddress,
  isReport,
  precedences,
  splitAddress,
  type TIncomingMail,
  type TIntakePolicy,
} from "./mail-headers";

// Automatic mail we send (the receipt, the oversize bounce) goes only where a person reads it and no program
// answers back: RFC 3834 §2, and what help desks reading a mailbox do. Every doubt means no mail; the report is
// taken all the same, so a missed receipt costs little and a mail loop or backscatter costs a lot.

/** Why no automatic mail may answer a message. */
export type TAutoReplyBlocker =
  | "no-sender"
  | "own"
  | "staff"
  | "loop"
  | "automatic"
  | "list"
  | "bounce"
  | "no-reply-sender"
  | "suppressed";

/** Sender names that mean "nobody reads this": answering them only makes bounces. */
const NO_REPLY_LOCAL = /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)(?:[-+_.][^@]*)?$/;

/** Whether X-Auto-Response-Suppress asks that no automatic reply be sent (Exchange: All, AutoReply, OOF). */
export function suppressesAutoReply(mail: Pick<TIncomingMail, "xAutoResponseSuppress">): boolean {
  return headerWords(mail.xAutoResponseSuppress).some((w) => w === "all" || w === "autoreply" || w === "oof");
}

/** Whether an X-Loop value names one of our addresses (any of the words in any of the headers). */
function loopsThroughUs(mail: Pick<TIncomingMail, "xLoop">, own: ReadonlySet<string>): boolean {
  for (const value of mail.xLoop) {
    for (const word of headerWords(value)) {
      if (isOwnAddress(bareAddress(word), own)) return true;
    }
  }
  return false;
}

/**
 * The first reason no automatic mail may answer this message, or null when one may. A spoofed header (X-Loop,
 * Precedence, a list header) can only cost the spoofer their own receipt.
 */
export function autoReplyBlocker(mail: TIncomingMail, policy: TIntakePolicy): TAutoReplyBlocker | null {
  const from = mail.from === null ? "" : bareAddress(mail.from);
  if (from === "" || !isPlainAddress(from)) return "no-sender";
  const returnPath = mail.returnPath === null ? null : bareAddress(mail.returnPath);

  if (isOwnAddress(from, policy.ownAddresses) || isOwnAddress(returnPath, policy.ownAddresses)) return "own";
  if (loopsThroughUs(mail, policy.ownAddresses)) return "loop";
  if (hasAddress(policy.staffAddresses, from)) return "staff";
  if (hasNullSender(mail) || isReport(mail) || isBounceSender(from) || isBounceSender(returnPath)) {
    return "bounce";
  }
  if (isAutoSubmitted(mail) || isAutomaticMail(mail)) return "automatic";
  const precedence = precedences(mail);
  if (hasListHeaders(mail) || ["bulk", "junk", "list"].some((p) => precedence.has(p))) return "list";
  if (NO_REPLY_LOCAL.test(splitAddress(from)?.local ?? "")) return "no-reply-sender";
  if (suppressesAutoReply(mail)) return "suppressed";
  return null;
}

/** Whether a receipt (or the oversize bounce) may be sent to this message's sender. */
export function mayAutoReply(mail: TIncomingMail, policy: TIntakePolicy): boolean {
  return autoReplyBlocker(mail, policy) === null;
}

/** The headers on every automatic mail we send, so that other programs do not answer it (nor we, if it loops). */
export interface TAutoReplyHeaders {
  readonly "Auto-Submitted": "auto-replied";
  readonly "X-Loop": string;
  readonly Precedence: "auto_reply";
  readonly "X-Auto-Response-Suppress": "All";
}

export function autoReplyHeaders(ourAddress: string): TAutoReplyHeaders {
  // The address goes into a header verbatim: anything but a plain address could inject lines.
  if (!isPlainAddress(ourAddress)) throw new RangeError("Our address must be a plain email address");
  return {
    "Auto-Submitted": "auto-replied",
    "X-Loop": ourAddress,
    Precedence: "auto_reply",
    "X-Auto-Response-Suppress": "All",
  };
}
