import { getEmailEnv } from "@disclose/email";
import { apiEnv } from "../env";
import { FORWARDED_HEADER, isLoopbackAddress, PEER_HEADER } from "./peer";

/** Host names a browser on this machine uses for the local demo (a DNS-rebinding page sends its own name). */
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

export interface TLocalDemoFacts {
  /** The Host header. */
  host: string | null;
  /** The TCP peer's address, as our server saw it (PEER_HEADER). */
  peer: string | null;
  /** The request came with a proxy's forwarding headers. */
  forwarded: boolean;
  trustProxy: boolean;
  usesRealSmtp: boolean;
  /** DISCLOSE_ENV=production. */
  production: boolean;
}

/**
 * Whether a request is the local demo's own browser: the development mailbox (sign-in links, reporters'
 * tracking links with their `#key`) is shown to nobody else. Every condition must hold: mail goes to the local
 * sink, not production, no proxy in front (a proxy on this machine connects from loopback for everyone), the
 * connection comes from this machine, and the Host is a local name.
 */
export function isLocalDemoRequest(facts: TLocalDemoFacts): boolean {
  if (facts.usesRealSmtp || facts.production || facts.trustProxy || facts.forwarded) return false;
  return isLoopbackAddress(facts.peer) && LOCAL_HOST.test(facts.host ?? "");
}

/** For the admin app's `/dev/mailbox` pages: false means answer with the ordinary 404. */
export function mayServeDevMailbox(headers: Headers): boolean {
  const env = apiEnv();
  return isLocalDemoRequest({
    host: headers.get("host"),
    peer: headers.get(PEER_HEADER),
    forwarded: headers.get(FORWARDED_HEADER) === "1",
    trustProxy: env.TRUST_PROXY === "1",
    usesRealSmtp: getEmailEnv().usesRealSmtp,
    production: env.DISCLOSE_ENV === "production",
  });
}
