import { isIP } from "node:net";

/**
 * The client's address, for rate limiting. Next.js fills X-Forwarded-For with the socket's address only when the
 * request has none, so without a trusted proxy a client can send its own: then the whole header value is the
 * key (rotating it evades the per-client limit, which is why a global limit backs it up). Behind a proxy
 * (TRUST_PROXY=1) the proxy appends the address it saw, so the last entry is the one to trust.
 */
export function clientIpOf(headers: Headers, trustProxy: boolean): string {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return "unknown";
  const entries = forwarded
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (trustProxy) {
    const last = entries.at(-1) ?? "";
    return isIP(last) ? last : "unknown";
  }
  return entries.length === 1 && isIP(entries[0] ?? "")
    ? entries[0]!
    : `forwarded:${forwarded.slice(0, 512)}`;
}
