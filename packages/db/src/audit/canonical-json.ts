/**
 * JSON with object keys sorted at every level and no whitespace, so that equal values always give equal
 * text (jsonb does not keep key order). Input must already be plain JSON (see toJsonValue).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What the value becomes once stored as jsonb and read back (dates as ISO strings, undefined dropped). */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
