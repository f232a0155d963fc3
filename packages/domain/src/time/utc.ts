/** Instants are passed in as Date or epoch milliseconds; the domain never reads the clock itself. */
export type Instant = Date | number;

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export function toEpochMs(instant: Instant): number {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("Invalid instant");
  return ms;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * Embargo and due times are stored in UTC and always shown with their UTC form, so that a PST member
 * in one time zone and a distributor in another read the same wall-clock value: "2025-03-04 15:00 UTC".
 */
export function formatUtc(instant: Instant): string {
  const d = new Date(toEpochMs(instant));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** ISO 8601 with the "Z" designator, for machine-readable output (advisories, APIs). */
export function toUtcIso(instant: Instant): string {
  return new Date(toEpochMs(instant)).toISOString();
}
