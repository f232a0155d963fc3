import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * The TCP peer's address, as the apps' own server (next-server.ts) saw the connection. Next's route handlers and
 * pages cannot see the socket, so the server hands it on in this header; whatever a client sent under this name
 * is replaced first, so it is never the client's word.
 */
export const PEER_HEADER = "x-disclose-peer";

/** "1" when the request arrived carrying a proxy's forwarding headers (trusted or not); set only by our server. */
export const FORWARDED_HEADER = "x-disclose-forwarded";

/** Our own headers: only our server sets them, so any a client sends are removed. */
const INTERNAL_PREFIX = "x-disclose-";

/** What a reverse proxy says about the client. Without a trusted proxy these are only a client's claims. */
const PROXY_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-proto",
  "x-real-ip",
] as const;

/** An address as one key: `::ffff:203.0.113.7` (IPv4 on a dual-stack socket) is `203.0.113.7`. */
export function normalizeAddress(address: string | undefined | null): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped?.[1] ?? address;
  return isIP(plain) ? plain.toLowerCase() : null;
}

/** True for 127.0.0.0/8 and ::1 (also written as an IPv4-mapped address). */
export function isLoopbackAddress(address: string | undefined | null): boolean {
  const normalized = normalizeAddress(address);
  if (!normalized) return false;
  return isIP(normalized) === 4 ? normalized.startsWith("127.") : normalized === "::1";
}

/**
 * Rewrites a request's headers before Next sees it: our internal headers are dropped and set again from the
 * connection (the peer address, whether forwarding headers came along); without a trusted proxy the forwarding
 * headers themselves are dropped too, so nothing downstream (Next fills X-Forwarded-For from the socket) can take
 * a client's claim for the proxy's.
 */
export function rewriteProxyHeaders(req: IncomingMessage, { trustProxy }: { trustProxy: boolean }): void {
  const headers = req.headers;
  const forwarded = PROXY_HEADERS.some((name) => headers[name] !== undefined);
  for (const name of Object.keys(headers)) {
    if (name.startsWith(INTERNAL_PREFIX)) delete headers[name];
  }
  if (!trustProxy) {
    for (const name of PROXY_HEADERS) delete headers[name];
  }
  const peer = normalizeAddress(req.socket.remoteAddress);
  if (peer) headers[PEER_HEADER] = peer;
  if (forwarded) headers[FORWARDED_HEADER] = "1";
}
