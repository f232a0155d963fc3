import { isFixDeveloped, type TCaseFacts } from "../cases/case-facts";
import { DAY_MS, formatUtc, type Instant, toEpochMs } from "../time/utc";

/** The policy's usual notice to distributors: between 7 and 14 days before the public disclosure. */
export const MIN_NOTICE_DAYS = 7;
export const MAX_NOTICE_DAYS = 14;

export type TNoticeCheck =
  | { ok: true; warnings: string[]; needsReason: boolean }
  | { ok: false; problems: string[] };

/**
 * Whether distributors may be told now of a disclosure at `disclosureAt`: never a time in the past; under 7 days'
 * notice or over 14 is allowed only with a recorded reason (the warning says why one is asked for).
 */
export function checkDistributorNotice(
  disclosureAt: Instant,
  options: { now: Instant; reason: string | null },
): TNoticeCheck {
  const at = toEpochMs(disclosureAt);
  const now = toEpochMs(options.now);
  if (at <= now) {
    return { ok: false, problems: [`The disclosure time ${formatUtc(new Date(at))} has passed.`] };
  }
  const days = (at - now) / DAY_MS;
  const warnings: string[] = [];
  if (days < MIN_NOTICE_DAYS) {
    warnings.push(
      `Distributors get less than ${MIN_NOTICE_DAYS} days' notice (${days.toFixed(1)} days): say why.`,
    );
  } else if (days > MAX_NOTICE_DAYS) {
    warnings.push(
      `Distributors get more than ${MAX_NOTICE_DAYS} days' notice (${days.toFixed(1)} days), a long embargo to keep: say why.`,
    );
  }
  const needsReason = warnings.length > 0;
  const reason = options.reason?.trim() ?? "";
  if (needsReason && reason === "") return { ok: false, problems: warnings };
  return { ok: true, warnings, needsReason };
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const COPY_MARK_LENGTH = 12;
export const COPY_MARK_PATTERN = /^[A-Z2-7]{12}$/;
export const COPY_MARK_TRAILER = "Disclose-Distributor-Mark";

/** An organisation's mark from random bytes (at least 8): 12 base32 characters, 60 bits. */
export function markCodeFor(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new Error("markCodeFor needs at least 8 random bytes");
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < COPY_MARK_LENGTH) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === COPY_MARK_LENGTH) break;
  }
  return out;
}

/** The copy's file name with the mark before the extension: "0001-fix.patch" → "0001-fix.MARK.patch". */
export function markedFileName(fileName: string, mark: string): string {
  const dot = fileName.lastIndexOf(".");
  if (dot <= 0) return `${fileName}.${mark}`;
  return `${fileName.slice(0, dot)}.${mark}${fileName.slice(dot)}`;
}

/**
 * The patch text with the mark as a trailer line of each commit message of a `git format-patch` file (before each
 * message's "---" line), so `git am` keeps it in the applied commits; a text with no "---" gets it at the end.
 */
export function markPatch(text: string, mark: string): string {
  const trailer = `${COPY_MARK_TRAILER}: ${mark}`;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  // Only the first "---" after each message's header counts: in a diff, "---" may be a removed "--" line.
  let inMessage = true;
  let marked = false;
  for (const line of lines) {
    if (/^From [0-9a-f]{40} /.test(line)) inMessage = true;
    if (inMessage && line === "---") {
      // A trailer belongs to the message's last paragraph: beside trailers already there (Signed-off-by), else
      // in a paragraph of its own.
      const previous = out.at(-1) ?? "";
      if (previous !== "" && !/^[A-Za-z0-9-]+: /.test(previous)) out.push("");
      out.push(trailer);
      inMessage = false;
      marked = true;
    }
    out.push(line);
  }
  if (!marked) {
    const body = text.endsWith("\n") ? text : `${text}${eol}`;
    return `${body}${trailer}${eol}`;
  }
  return out.join(eol);
}

/** The mark a copy or its file name carries, or null: for tracing a leaked copy to its organisation. */
export function findCopyMark(textOrFileName: string): string | null {
  const trailer = new RegExp(`^${COPY_MARK_TRAILER}: ([A-Z2-7]{12})\\s*$`, "m").exec(textOrFileName);
  if (trailer?.[1]) return trailer[1];
  const name = /\.([A-Z2-7]{12})(?:\.[^.\s/\\]+)?$/.exec(textOrFileName.trim());
  return name?.[1] ?? null;
}

/**
 * Why a case cannot be disclosed early to distributors, or null when it may (the "notify-distributors" guard's
 * conditions on the case itself; choosing the organisations and the time come after): a fix or mitigation
 * exists, the issue is remotely exploitable or a privilege escalation, and it is not public yet.
 */
export function earlyDisclosureBlocker(
  facts: Pick<
    TCaseFacts,
    | "state"
    | "fixCommits"
    | "mitigationAvailable"
    | "remotelyExploitable"
    | "privilegeEscalation"
    | "isPublic"
  >,
): string | null {
  if (facts.state !== "fix-ready" && facts.state !== "distributors-notified") {
    return "Early disclosure comes once the fix is marked ready, before the release.";
  }
  if (!isFixDeveloped(facts) && !facts.mitigationAvailable) {
    return "Early disclosure needs a fix or a mitigation first.";
  }
  if (!facts.remotelyExploitable && !facts.privilegeEscalation) {
    return "Early disclosure to distributors is reserved for remotely exploitable or privilege-escalation issues.";
  }
  if (facts.isPublic) {
    return "The issue is already public: there is nothing to embargo, go public as soon as possible.";
  }
  return null;
}

/** An organisation that has not acknowledged its notice is reminded once, this long after it. */
export const ACKNOWLEDGE_REMINDER_AFTER_MS = 2 * DAY_MS;
/** Everyone notified hears again this long before the embargo ends. */
export const PRE_RELEASE_REMINDER_MS = DAY_MS;

/**
 * The reminders a notified organisation is due at `now`: "acknowledge" once, two days after its notice if it has
 * not acknowledged; "ending" within the day before the embargo ends. Nothing once the embargo has ended.
 */
export function distributorRemindersDue(
  n: { notifiedAt: Date; acknowledgedAt: Date | null; remindedAt: Date | null },
  options: { disclosureAt: Date | null; now: Instant },
): ("acknowledge" | "ending")[] {
  const now = toEpochMs(options.now);
  if (options.disclosureAt === null || options.disclosureAt.getTime() <= now) return [];
  const due: ("acknowledge" | "ending")[] = [];
  if (
    n.acknowledgedAt === null &&
    n.remindedAt === null &&
    now - n.notifiedAt.getTime() >= ACKNOWLEDGE_REMINDER_AFTER_MS
  ) {
    due.push("acknowledge");
  }
  if (options.disclosureAt.getTime() - now <= PRE_RELEASE_REMINDER_MS) due.push("ending");
  return due;
}

const icsTime = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
/** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped; control characters dropped. */
const icsText = (s: string) =>
  s
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, "\\n")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u001f\u007f]/g, "");

/**
 * A calendar entry (.ics) for an embargo's end, so a distributor's team sees it coming: the case's short id and
 * the project's name only, nothing about the vulnerability. Same UID for the same case: a moved end updates it.
 */
export function embargoCalendar(options: {
  caseId: string;
  projectName: string;
  disclosureAt: Date;
  now: Date;
}): string {
  const summary = icsText(`Embargo ends: ${options.projectName} case ${options.caseId.slice(0, 8)}`);
  const end = new Date(options.disclosureAt.getTime() + 30 * 60_000);
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Disclose//Embargo//EN",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    `UID:embargo-${icsText(options.caseId)}@disclose`,
    `DTSTAMP:${icsTime(options.now)}`,
    `DTSTART:${icsTime(options.disclosureAt)}`,
    `DTEND:${icsTime(end)}`,
    `SUMMARY:${summary}`,
    "DESCRIPTION:The embargo ends: publish nothing before this time.",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}
