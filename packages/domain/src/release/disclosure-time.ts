import { z } from "zod";
import { formatUtc, HOUR_MS, type Instant, toEpochMs } from "../time/utc";
import { hasControlCharactersInText } from "../validation/safe-text";

/**
 * Suggested disclosure slots, on the hour, UTC. A weekday afternoon in UTC is morning in the Americas and still
 * working hours in Europe and much of Asia, so most users and distributors can act the same day.
 */
export const DISCLOSURE_SLOT_HOURS_UTC = [14, 15, 16] as const;
const FIRST_SLOT_HOUR = 14;
const LAST_SLOT_HOUR = 16;

/**
 * Days a release is not made on (UTC, Date#getUTCDay: 0 = Sunday). Friday: users would be left patching over the
 * weekend, when they are least able to; Saturday and Sunday for the same reason, and because the team is away.
 */
const NON_RELEASE_DAYS: readonly number[] = [5, 6, 0];
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** How far ahead a suggestion looks; a week always holds Monday–Thursday slots, so this is only a safety stop. */
const SEARCH_DAYS = 8;

export interface DisclosureTimeWindow {
  readonly now: Instant;
  /**
   * The earliest the release may be (the timeline's release milestone `earliest`, e.g. an agreed embargo end, or
   * when the fix exists); null when nothing but `now` bounds it.
   */
  readonly earliest: Instant | null;
}

/**
 * The first weekday-afternoon slot (Monday–Thursday, 14:00, 15:00 or 16:00 UTC) strictly after `now` and not
 * before `earliest`. Never a Friday or a weekend, never in the past. Pure: same inputs, same slot.
 */
export function suggestDisclosureTime(window: DisclosureTimeWindow): Date {
  const nowMs = toEpochMs(window.now);
  const fromMs = Math.max(nowMs, window.earliest === null ? nowMs : toEpochMs(window.earliest));
  const from = new Date(fromMs);
  for (let day = 0; day < SEARCH_DAYS; day += 1) {
    const date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + day));
    if (NON_RELEASE_DAYS.includes(date.getUTCDay())) continue;
    for (const hour of DISCLOSURE_SLOT_HOURS_UTC) {
      const slot = date.getTime() + hour * HOUR_MS;
      if (slot > nowMs && slot >= fromMs) return new Date(slot);
    }
  }
  // Unreachable: any 8 consecutive days hold a Monday–Thursday afternoon.
  /* v8 ignore next */
  throw new Error("No disclosure slot found");
}

/**
 * The team may still release on a Friday or a weekend (an exploit in the wild, an upstream date), but only as a
 * recorded decision: an explicit flag and the reason, which the use-case audits with the disclosure time.
 */
export const ZDisclosureTimeOverride = z.object({
  allowFridayOrWeekend: z.literal(true),
  reason: z
    .string()
    .trim()
    .min(1, "Say why the release cannot wait for a weekday.")
    .max(2000, "Say why in at most 2,000 characters.")
    .refine((text) => !hasControlCharactersInText(text), "Remove the control characters from the reason."),
});
export type TDisclosureTimeOverride = z.infer<typeof ZDisclosureTimeOverride>;

export interface DisclosureTimeCheck {
  /** True when the time may be agreed (possibly thanks to the override). */
  readonly ok: boolean;
  /** Why it may not be agreed, in words a person understands. */
  readonly problems: readonly string[];
  /** Things to know that do not block it. */
  readonly warnings: readonly string[];
  /** True when a Friday or weekend time was allowed by the override (the use-case records the reason). */
  readonly overridden: boolean;
}

export interface DisclosureTimeRules extends DisclosureTimeWindow {
  /** The release milestone's due date: a later time is allowed but only by a recorded decision, so warn. */
  readonly releaseDue?: Instant | null;
  readonly override?: TDisclosureTimeOverride | null;
}

/**
 * Checks a proposed disclosure time (UTC). Refused: not in the future, before the earliest allowed moment, and a
 * Friday or weekend unless overridden with a reason. Warned: outside the afternoon window, after the release due
 * date.
 */
export function checkDisclosureTime(at: Instant, rules: DisclosureTimeRules): DisclosureTimeCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  let overridden = false;
  let atMs: number;
  try {
    atMs = toEpochMs(at);
  } catch {
    return { ok: false, problems: ["Choose a valid date and time."], warnings, overridden };
  }
  const nowMs = toEpochMs(rules.now);
  if (atMs <= nowMs) problems.push(`${formatUtc(atMs)} is not in the future; choose a later time.`);
  if (rules.earliest !== null && atMs < toEpochMs(rules.earliest)) {
    problems.push(`${formatUtc(atMs)} is before the earliest allowed release, ${formatUtc(rules.earliest)}.`);
  }
  const date = new Date(atMs);
  const weekday = date.getUTCDay();
  if (NON_RELEASE_DAYS.includes(weekday)) {
    const override = rules.override ? ZDisclosureTimeOverride.safeParse(rules.override) : null;
    if (override?.success) {
      overridden = true;
    } else {
      problems.push(
        `${formatUtc(atMs)} is a ${DAY_NAMES[weekday]}: users would be left patching over the weekend. Choose Monday to Thursday, or record why it cannot wait.`,
      );
      if (override && !override.success) problems.push(...override.error.issues.map((i) => i.message));
    }
  }
  const minutes = date.getUTCHours() * 60 + date.getUTCMinutes();
  const first = FIRST_SLOT_HOUR * 60;
  const last = LAST_SLOT_HOUR * 60;
  if (minutes < first || minutes > last) {
    warnings.push(`${formatUtc(atMs)} is outside the usual 14:00–16:00 UTC release window.`);
  }
  if (rules.releaseDue != null && atMs > toEpochMs(rules.releaseDue)) {
    warnings.push(
      `${formatUtc(atMs)} is after the release due date, ${formatUtc(rules.releaseDue)}: record a slow-down or upstream-dependency decision.`,
    );
  }
  return { ok: problems.length === 0, problems, warnings, overridden };
}
