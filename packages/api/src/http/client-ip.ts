import { apiEnv } from "../env";
import { normalizeAddress, PEER_HEADER } from "./peer";

/**
 * The client's address, for rate limiting. Without a trusted proxy it is the TCP peer's address, which the apps'
 * server (next-server.ts) puts in PEER_HEADER after dropping any client-sent value and every forwarding header:
 * a client cannot pick its own key. Behind a proxy (TRUST_PROXY=1) the proxy appends the address it saw to
 * X-Forwarded-For, so the last entry is the one to trust (earlier entries are the client's claims); a request
 * without one came past the proxy, and its peer is the key. No known address: "unknown", one shared key.
 */
export function clientIpOf(headers: Headers, trustProxy: boolean = apiEnv().TRUST_PROXY === "1"): string {
  if (trustProxy) {
    const forwarded = headers.get("x-forwarded-for");
    if (forwarded) {
      const last = forwarded
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean)
        .at(-1);
      return normalizeAddress(last) ?? "unknown";
    }
  }
  return normalizeAddress(headers.get(PEER_HEADER)) ?? "unknown";
}
