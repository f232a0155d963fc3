import { MAIL_MAX_BYTES } from "./intake-limits";
import {
  bareAddress,
  hasAddress,
  hasListHeaders,
  hasNullSender,
  isAutoSubmitted,
  isBounceSender,
  isDeliveryReport,
  isOwnAddress,
  isReport,
  listIds,
  precedences,
  type TIncomingMail,
  type TIntakePolicy,
} from "./mail-headers";

/**
 * What intake does with a message in the inbox:
 * - take: it becomes a report (or joins a thread). Whether it gets a receipt is `mayAutoReply`'s call: mail
 *   from a list other than the team's is taken (it may be a genuine forward, e.g. a code host's notice of a
 *   private report) but never answered.
 * - skip: left in place, untouched: the PST's own mail on the shared security@ (staff, the team list) and our own
 *   mail coming back.
 * - bounce-notice: a delivery status notification or other mail from MAILER-DAEMON/postmaster or the null sender:
 *   never a report, never answered; kept aside for the PST (a bounce of our receipt says a reporter is
 *   unreachable).
 * - auto: an automatic reply or notice (an out-of-office answer to our receipt, a read receipt, a vacation
 *   message): never a report, never answered; kept aside.
 * - too-large: beyond `MAIL_MAX_BYTES`, not read; bounced (when `mayAutoReply` allows) and kept aside.
 */
export type TIntakeClassification =
  | { readonly kind: "take" }
  | { readonly kind: "skip"; readonly why: "staff" | "team-list" | "own" }
  | { readonly kind: "bounce-notice"; readonly why: "bounce" }
  | { readonly kind: "auto"; readonly why: "auto-reply" }
  | { readonly kind: "too-large"; readonly limitBytes: number; readonly sizeBytes: number };

/**
 * Mail written by a program rather than a person. Precedence bulk/junk marks the replies of old vacation
 * programs, but also newsletters: with list headers it counts as list mail (taken, never answered) instead.
 */
export function isAutomaticMail(mail: TIncomingMail): boolean {
  if (isAutoSubmitted(mail) || mail.autoReplyHeader === true) return true;
  const precedence = precedences(mail);
  if (precedence.has("auto_reply") || precedence.has("auto-reply")) return true;
  if ((precedence.has("bulk") || precedence.has("junk")) && !hasListHeaders(mail)) return true;
  // Read receipts, abuse feedback, TLS reports: reports by programs that are not bounces.
  return isReport(mail) && !isDeliveryReport(mail);
}

/**
 * How intake treats a message, decided on its headers and size alone (before anything is parsed or stored).
 * The checks run in order: ours and the team's first (never touched), then bounces, automatic mail, the size.
 */
export function classifyIncoming(mail: TIncomingMail, policy: TIntakePolicy): TIntakeClassification {
  const from = mail.from === null ? null : bareAddress(mail.from) || null;
  const returnPath = mail.returnPath === null ? null : bareAddress(mail.returnPath) || null;

  // A spoofed own or staff From only keeps the spoofer's own message out of the inbox: nothing to gain.
  if (isOwnAddress(from, policy.ownAddresses) || isOwnAddress(returnPath, policy.ownAddresses)) {
    return { kind: "skip", why: "own" };
  }
  if (hasAddress(policy.staffAddresses, from)) return { kind: "skip", why: "staff" };
  const teamList = policy.teamListId === null ? [] : listIds(policy.teamListId);
  if (teamList.length > 0 && listIds(mail.listId).some((id) => teamList.includes(id))) {
    return { kind: "skip", why: "team-list" };
  }

  if (isDeliveryReport(mail) || isBounceSender(from) || isBounceSender(returnPath)) {
    return { kind: "bounce-notice", why: "bounce" };
  }
  if (isAutomaticMail(mail)) return { kind: "auto", why: "auto-reply" };
  // After the automatic check: RFC 3834 asks auto-replies to use the null sender too, and they are named so.
  if (hasNullSender(mail)) return { kind: "bounce-notice", why: "bounce" };

  if (!Number.isSafeInteger(mail.sizeBytes) || mail.sizeBytes < 0) {
    throw new RangeError(`A message size must be ≥ 0, got ${mail.sizeBytes}`);
  }
  if (mail.sizeBytes > MAIL_MAX_BYTES) {
    return { kind: "too-large", limitBytes: MAIL_MAX_BYTES, sizeBytes: mail.sizeBytes };
  }
  return { kind: "take" };
}
