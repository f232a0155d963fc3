import { DAY_MS, HOUR_MS, type Instant, toEpochMs } from "./utc";

const MINUTE_MS = 60 * 1000;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/**
 * A length of time as a person says it, whichever its sign: "less than a minute", "1 minute", "47 hours",
 * "2 days". Units are whole and rounded down, so a clock never claims more time than has passed; hours run
 * up to 48 because "30 hours" tells a deadline apart better than "1 day".
 */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError("Invalid duration");
  const abs = Math.abs(ms);
  if (abs < MINUTE_MS) return "less than a minute";
  if (abs < HOUR_MS) return plural(Math.floor(abs / MINUTE_MS), "minute");
  if (abs < 2 * DAY_MS) return plural(Math.floor(abs / HOUR_MS), "hour");
  return plural(Math.floor(abs / DAY_MS), "day");
}

/** When `instant` is, seen from `now`: "just now", "5 minutes ago", "in 3 hours". */
export function relativeText(instant: Instant, now: Instant): string {
  const ms = toEpochMs(instant) - toEpochMs(now);
  if (Math.abs(ms) < MINUTE_MS) return "just now";
  return ms < 0 ? `${durationText(ms)} ago` : `in ${durationText(ms)}`;
}
