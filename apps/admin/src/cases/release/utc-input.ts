/**
 * Times here are agreed in UTC, so the date-time inputs hold UTC: "2026-12-01T15:00" means 15:00 UTC, whatever the
 * browser's zone. (A datetime-local input has no zone of its own; the label says UTC.)
 */
const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export function toUtcInput(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 16) : "";
}

/** The moment a UTC input names; null when empty or not a real date and time. */
export function fromUtcInput(value: string): Date | null {
  const match = UTC_INPUT.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  // Date.UTC rolls 31 February into March: a typed date that does not exist is not silently another one.
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 ? date : null;
}

/** The viewer's own clock for a moment, for the line beside a UTC input. */
export function localText(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" }).format(date);
}
