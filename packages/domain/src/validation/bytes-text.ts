const UNITS = ["KB", "MB", "GB"] as const;

/**
 * A size as a person reads it: "1 byte", "900 bytes", "25 MB", "1.5 GB". Binary multiples (1 MB = 1024 × 1024
 * bytes), as the limits are defined, so the limit 25 × 1024 × 1024 reads exactly "25 MB"; at most one decimal.
 */
export function bytesText(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError("Invalid size");
  if (bytes < 1024) return `${bytes.toLocaleString("en")} byte${bytes === 1 ? "" : "s"}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Rounded down, so a limit is never shown larger than it is ("at most 1.9 MB", not "2 MB").
  const shown = Math.floor(value * 10) / 10;
  return `${shown.toLocaleString("en")} ${UNITS[unit]}`;
}
