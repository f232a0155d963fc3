// Reading the few header values intake decides on. Header values come from anyone on the internet: every helper
// here is linear in the length of its input (no backtracking regular expression over a whole value), tolerates
// mixed case, stray whitespace and comments, and never throws on junk; junk simply matches nothing.

/**
 * The headers of an incoming message, as the mail worker extracts them from the raw message (decoded from
 * transfer encoding, not from RFC 2047 encoded words: an encoded value is compared as the text it is, and so
 * matches none of the keywords below). A header that is absent is null (or [] or false).
 */
export interface TIncomingMail {
  /** The From address only (no display name), lower-cased by the caller. */
  from: string | null;
  /** As delivered: "<bounce@example.org>", or "<>" (also "") for the null sender of bounces and auto-replies. */
  returnPath: string | null;
  autoSubmitted: string | null;
  precedence: string | null;
  /** The List-Id value(s); several headers may be joined with ", ". */
  listId: string | null;
  /** Whether a List-Unsubscribe header is present. */
  listUnsubscribe: boolean;
  /** The top-level Content-Type, e.g. "multipart/report; report-type=delivery-status". */
  contentType: string | null;
  xAutoResponseSuppress: string | null;
  /** Every X-Loop header's value. */
  xLoop: string[];
  inReplyTo: string | null;
  /** Every References header's value (one or several message ids each). */
  references: string[];
  to: string[];
  cc: string[];
  deliveredTo: string[];
  /** The whole raw message (IMAP RFC822.SIZE). */
  sizeBytes: number;
  subject: string | null;
  /**
   * Whether an X-Autoreply, X-Autorespond or X-Autoresponder header is present (any value): older vacation
   * programs mark their replies only so. Optional: when the worker does not look, the standard headers decide.
   */
  autoReplyHeader?: boolean;
}

/** Deployment facts the rules compare against; addresses in any case (compared lower-cased). */
export interface TIntakePolicy {
  /** PST members' own addresses: their mail to the shared list is the team talking, not a report. */
  staffAddresses: ReadonlySet<string>;
  /** The team discussion list's List-Id, with or without its angle brackets ("security.example.org"). */
  teamListId: string | null;
  /** The security address and every address Disclose sends from. */
  ownAddresses: ReadonlySet<string>;
}

/**
 * The text with RFC 5322 comments ("(vacation)") removed, nested ones included, quoted strings left alone; an
 * unclosed comment runs to the end, an unbalanced ")" is kept.
 */
export function withoutComments(value: string): string {
  if (!value.includes("(")) return value;
  const kept: string[] = [];
  let depth = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === "\\") i++;
      else if (ch === '"') quoted = false;
    } else if (depth === 0) {
      if (ch === '"') quoted = true;
      else if (ch === "(") {
        kept.push(value.slice(start, i));
        depth = 1;
      }
    } else if (ch === "\\") {
      i++;
    } else if (ch === "(") {
      depth++;
    } else if (ch === ")" && --depth === 0) {
      start = i + 1;
    }
  }
  if (depth === 0) kept.push(value.slice(start));
  return kept.join("");
}

/** The lower-cased words of a keyword header ("Bulk", "auto-generated; x=y", "OOF, AutoReply"). */
export function headerWords(value: string | null | undefined): string[] {
  if (!value) return [];
  return asciiLower(withoutComments(value))
    .split(/[\s,;]+/)
    .filter((word) => word !== "");
}

/** The first word of a keyword header, before any parameter: "auto-replied; owner=x" → "auto-replied". */
export function headerKeyword(value: string | null | undefined): string | null {
  if (!value) return null;
  const first = asciiLower(withoutComments(value).split(";")[0]?.trim() ?? "");
  return first === "" ? null : first;
}

/**
 * The address of an address-like value, lower-cased: inside its last angle brackets when it has them
 * ("Name <A@B>" → "a@b", "<>" → ""), otherwise the trimmed value. "" is the null sender.
 */
export function bareAddress(value: string): string {
  return asciiLower(bareAddressKeepingCase(value));
}

/**
 * Lower-cased in ASCII only: Unicode case mapping folds look-alikes into letters (the Kelvin sign "K" becomes
 * "k"), which would let "\u212Aate@" pass for "kate@".
 */
export function asciiLower(value: string): string {
  return value.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/** As {@link bareAddress}, without lower-casing (a reply token is case-sensitive). */
export function bareAddressKeepingCase(value: string): string {
  const close = value.lastIndexOf(">");
  const open = close === -1 ? -1 : value.lastIndexOf("<", close);
  const inner = open === -1 ? value : value.slice(open + 1, close);
  return inner.trim();
}

/** An address's local part and domain, split at the last "@"; null unless both are present. */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** Whether an address is one of ours, or a sub-address of one ("security+r-…@" is ours when "security@" is). */
export function isOwnAddress(address: string | null, own: ReadonlySet<string>): boolean {
  if (!address) return false;
  const parts = splitAddress(asciiLower(address));
  if (!parts) return false;
  for (const ours of own) {
    const o = splitAddress(bareAddress(ours));
    if (!o || o.domain !== parts.domain) continue;
    if (parts.local === o.local || parts.local.startsWith(`${o.local}+`)) return true;
  }
  return false;
}

/** Whether the set holds the address, compared lower-cased and without angle brackets. */
export function hasAddress(set: ReadonlySet<string>, address: string | null): boolean {
  if (!address) return false;
  if (set.has(address)) return true;
  for (const entry of set) if (bareAddress(entry) === address) return true;
  return false;
}

/**
 * The ids of a List-Id value, lower-cased: every "<id>" in it (several List-Id headers may have been joined), or
 * the whole trimmed value when it has no angle brackets (some list software omits them).
 */
export function listIds(value: string | null | undefined): string[] {
  if (!value) return [];
  const ids: string[] = [];
  let open = value.indexOf("<");
  while (open !== -1) {
    const close = value.indexOf(">", open + 1);
    if (close === -1) break;
    const inner = value.slice(open + 1, close);
    // "<a<b>" names "b": an id never holds "<".
    const nested = inner.lastIndexOf("<");
    const id = asciiLower((nested === -1 ? inner : inner.slice(nested + 1)).trim());
    if (id !== "") ids.push(id);
    open = value.indexOf("<", close + 1);
  }
  if (ids.length > 0) return ids;
  if (value.includes("<") || value.includes(">")) return [];
  const whole = asciiLower(withoutComments(value).trim());
  return whole === "" ? [] : [whole];
}

/** A Content-Type's media type and parameters, lower-cased names; quoted parameter values unquoted. */
export function parseContentType(value: string | null | undefined): {
  type: string;
  params: Record<string, string>;
} | null {
  if (!value) return null;
  const text = withoutComments(value);
  // Split at ";" outside quoted strings, dropping the quotes and their backslash escapes.
  const parts: string[] = [];
  let chunks: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === "\\") {
      chunks.push(text.slice(start, i));
      start = ++i;
    } else if (ch === '"') {
      chunks.push(text.slice(start, i));
      start = i + 1;
      quoted = !quoted;
    } else if (ch === ";" && !quoted) {
      chunks.push(text.slice(start, i));
      parts.push(chunks.join(""));
      chunks = [];
      start = i + 1;
    }
  }
  chunks.push(text.slice(start));
  parts.push(chunks.join(""));
  const type = asciiLower((parts[0] ?? "").trim());
  if (type === "") return null;
  // No prototype: a hostile parameter named "__proto__" or "constructor" is just a name.
  const params: Record<string, string> = Object.create(null);
  for (const part of parts.slice(1)) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const name = asciiLower(part.slice(0, eq).trim());
    if (name !== "" && !Object.hasOwn(params, name)) params[name] = part.slice(eq + 1).trim();
  }
  return { type, params };
}

const SYSTEM_SENDERS = new Set(["mailer-daemon", "postmaster"]);

/** MAILER-DAEMON or postmaster, at any domain (or alone): where bounces come from. */
export function isBounceSender(address: string | null): boolean {
  if (!address) return false;
  const local = asciiLower(splitAddress(address)?.local ?? address);
  return SYSTEM_SENDERS.has(local);
}

/** The null reverse path ("<>", or empty as some parsers give it): bounces and well-behaved auto-replies. */
export function hasNullSender(mail: Pick<TIncomingMail, "returnPath">): boolean {
  return mail.returnPath !== null && bareAddress(mail.returnPath) === "";
}

/**
 * A delivery status notification: multipart/report of report-type delivery-status (or its internationalised
 * form, or with no report-type), or a bare message/delivery-status.
 */
export function isDeliveryReport(mail: Pick<TIncomingMail, "contentType">): boolean {
  const ct = parseContentType(mail.contentType);
  if (!ct) return false;
  if (ct.type === "message/delivery-status" || ct.type === "message/global-delivery-status") return true;
  if (ct.type !== "multipart/report") return false;
  // No report-type at all is malformed; treated as the common case, a bounce.
  const reportType = asciiLower(ct.params["report-type"] ?? "");
  return reportType === "" || reportType === "delivery-status" || reportType === "global-delivery-status";
}

/** Any multipart/report: bounces, read receipts (disposition-notification), abuse feedback, TLS reports. */
export function isReport(mail: Pick<TIncomingMail, "contentType">): boolean {
  return parseContentType(mail.contentType)?.type === "multipart/report";
}

/** Auto-Submitted with any value but "no" (RFC 3834: auto-generated, auto-replied, auto-notified, …). */
export function isAutoSubmitted(mail: Pick<TIncomingMail, "autoSubmitted">): boolean {
  const keyword = headerKeyword(mail.autoSubmitted);
  return keyword !== null && keyword !== "no";
}

/** The Precedence keywords present, lower-cased. */
export function precedences(mail: Pick<TIncomingMail, "precedence">): Set<string> {
  return new Set(headerWords(mail.precedence));
}

/** A List-Id (with an id in it) or a List-Unsubscribe: mail distributed by a list or a bulk sender. */
export function hasListHeaders(mail: Pick<TIncomingMail, "listId" | "listUnsubscribe">): boolean {
  return mail.listUnsubscribe || listIds(mail.listId).length > 0;
}

/** Nothing but a plain address: no spaces, brackets, control characters or second "@", and not absurdly long. */
export function isPlainAddress(address: string): boolean {
  if (address.length > 254) return false;
  if (!splitAddress(address)) return false;
  if ((address.match(/@/g) ?? []).length !== 1) return false;
  return !/[\s<>()[\]\\,;:"\p{Cc}]/u.test(address);
}
