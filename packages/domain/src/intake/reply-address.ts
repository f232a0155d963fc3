import {
  asciiLower,
  bareAddress,
  bareAddressKeepingCase,
  isPlainAddress,
  splitAddress,
} from "./mail-headers";

// Matching a reporter's reply to its report. The reliable way is the address they answer to: each report has its
// own reply address, the security address with "+r-<token>" (plus-addressing, delivered to the same mailbox by
// every common server), the token unguessable. Message-ID headers are copied by anyone who saw one mail, so they
// count only together with the reporter's own address.

/** A reply token: base64url, at least 128 bits; the cap only keeps junk out. */
const REPLY_TOKEN = /^[A-Za-z0-9_-]{22,128}$/;
export const REPLY_TOKEN_MIN_CHARS = 22;
/** RFC 5321: a local part is at most 64 octets, and servers refuse longer ones. */
const LOCAL_PART_MAX = 64;
const REPLY_TAG = "+r-";

export function isReplyToken(token: string): boolean {
  return REPLY_TOKEN.test(token);
}

/**
 * The reply address of a report: "security+r-<token>@example.org". A security address that already carries a
 * "+tag" keeps it ("sec+intake+r-<token>@"): servers deliver at the first "+", to the same mailbox. Some servers
 * lower-case the addresses they record, so a token from a lower-case alphabet (such as base32) is the safe choice.
 */
export function replyAddressFor(securityAddress: string, token: string): string {
  if (!isReplyToken(token)) {
    throw new RangeError(
      `A reply token is ${REPLY_TOKEN_MIN_CHARS} or more characters of A–Z, a–z, 0–9, "-" and "_"`,
    );
  }
  const parts = isPlainAddress(securityAddress) ? splitAddress(securityAddress) : null;
  if (!parts) throw new RangeError("The security address must be a plain email address");
  const local = `${parts.local}${REPLY_TAG}${token}`;
  if (local.length > LOCAL_PART_MAX) {
    throw new RangeError(`The reply address's local part would be longer than ${LOCAL_PART_MAX} characters`);
  }
  return `${local}@${parts.domain}`;
}

/**
 * The reply token in the first recipient (To, Cc, Delivered-To, as given) that is the security address's reply
 * address, or null. Only the security address's own local part (any case) and domain (any case) count, the token
 * exactly as written and only of its alphabet; a look-alike domain, another tag or a quoted local part is no match.
 */
export function tokenFromRecipients(recipients: readonly string[], securityAddress: string): string | null {
  const security = splitAddress(bareAddress(securityAddress));
  if (!security) return null;
  const prefix = `${security.local}${REPLY_TAG}`;
  for (const recipient of recipients) {
    const parts = splitAddress(bareAddressKeepingCase(recipient));
    if (!parts || asciiLower(parts.domain) !== security.domain) continue;
    if (asciiLower(parts.local.slice(0, prefix.length)) !== prefix) continue;
    const token = parts.local.slice(prefix.length);
    if (isReplyToken(token)) return token;
  }
  return null;
}

/** The message ids in a header value: each "<id>" (brackets dropped), or the bare words when none is bracketed. */
function messageIds(value: string | null | undefined): string[] {
  if (!value) return [];
  const ids: string[] = [];
  let open = value.indexOf("<");
  while (open !== -1) {
    const close = value.indexOf(">", open + 1);
    if (close === -1) break;
    const id = value.slice(open + 1, close).trim();
    if (id !== "" && !id.includes("<")) ids.push(id);
    open = value.indexOf("<", close + 1);
  }
  if (ids.length > 0 || value.includes("<")) return ids;
  return value.split(/[\s,]+/).filter((word) => word.includes("@"));
}

export interface TThreadHeaders {
  inReplyTo: string | null;
  references: readonly string[];
  from: string | null;
}

export interface TKnownThread {
  /** The Message-IDs of the mail we sent in this thread (with or without angle brackets). */
  messageIds: readonly string[];
  /** The address the report came from. */
  reporterAddress: string;
}

/**
 * Whether a message without a reply token still answers this thread: In-Reply-To or References names one of our
 * message ids AND it comes from the reporter's own address (exactly, any case). Ids are compared exactly, as
 * we generated them.
 */
export function matchesThreadByHeaders(headers: TThreadHeaders, known: TKnownThread): boolean {
  const from = headers.from === null ? "" : bareAddress(headers.from);
  const reporter = bareAddress(known.reporterAddress);
  if (from === "" || reporter === "" || from !== reporter || !isPlainAddress(from)) return false;
  const ours = new Set(known.messageIds.flatMap((id) => messageIds(id.includes("<") ? id : `<${id}>`)));
  if (ours.size === 0) return false;
  const named = [headers.inReplyTo, ...headers.references].flatMap(messageIds);
  return named.some((id) => ours.has(id));
}
