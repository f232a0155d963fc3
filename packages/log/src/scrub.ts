/**
 * Takes out of a log text what must never reach a log: email addresses (personal data), credentials in URLs,
 * the secret half of a reporter's tracking link, an applicant's tracking token, and secrets in query strings (sign-in links, tRPC inputs). The
 * code logs ids, not these; this is the net under it, for messages that quote something (a library's error, a
 * URL).
 */
const RULES: Array<[RegExp, string]> = [
  // postgres://user:password@host, smtps://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi, "$1[credentials]@"],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/g, "[email]"],
  // /track/<report>.<secret> (the secret is the reporter's capability)
  [/(\/track\/[A-Za-z0-9-]+)\.[A-Za-z0-9_-]+/g, "$1.[secret]"],
  // /distributors/applications/<token> on the portal (an applicant's capability); the admin app's pages there
  // are named by a bare uuid, which stays.
  [
    /(\/distributors\/applications\/)(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![A-Za-z0-9._~%-]))[A-Za-z0-9._~%-]+/gi,
    "$1[secret]",
  ],
  [/([?&;](?:token|code|secret|email|input|callbackUrl|key|passphrase)=)[^&\s"']*/gi, "$1[redacted]"],
];

export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** scrub() applied to every string in a value (objects and arrays, a few levels deep). */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrub(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrub(value.message), stack: value.stack && scrub(value.stack) };
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, depth + 1)]));
}
