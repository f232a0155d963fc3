import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecrets } from "../../env";
import { hashTrackingSecret, newTrackingSecret } from "../reports/tracking-token";

/**
 * The confirmation token of a subscription: 32 random bytes in base64url, as the reporter's tracking secret (the
 * same helpers make and hash it). Only its SHA-256 hash is stored, so the table alone confirms no one.
 */
export const newConfirmToken = newTrackingSecret;
export const hashConfirmToken = hashTrackingSecret;

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && BASE64URL_32_BYTES.test(token);
}

export function isSubscriberId(id: unknown): id is string {
  return typeof id === "string" && UUID.test(id);
}

function hmac(secret: string, subscriberId: string): Buffer {
  return createHmac("sha256", secret).update(`unsubscribe:${subscriberId}`).digest();
}

/**
 * A subscriber's unsubscribe token: HMAC-SHA256 under AUTH_SECRET of "unsubscribe:<id>", in base64url. Derived,
 * never stored: every announcement carries it, and nothing in the database opens it. Rotating AUTH_SECRET ends the
 * links already sent once AUTH_SECRET_PREVIOUS is cleared (until then both are accepted).
 */
export function unsubscribeToken(subscriberId: string): string {
  return hmac(authSecrets().current, subscriberId).toString("base64url");
}

/**
 * The same token made with a secret the caller already holds: for an announcement to thousands of subscribers,
 * where reading the environment once per subscriber would cost more than the HMAC.
 */
export function unsubscribeTokenWith(secret: string, subscriberId: string): string {
  return hmac(secret, subscriberId).toString("base64url");
}

/** Whether `token` is the subscriber's, compared in constant time (and a malformed one still costs the HMAC). */
export function isUnsubscribeToken(subscriberId: string, token: unknown): boolean {
  const presented = Buffer.from(isWellFormedToken(token) ? token : "A".repeat(43), "base64url");
  const { current, previous } = authSecrets();
  let ok = false;
  for (const secret of previous === null ? [current] : [current, previous]) {
    if (timingSafeEqual(presented, hmac(secret, subscriberId))) ok = true;
  }
  return ok && isWellFormedToken(token);
}

const base = (portalUrl: string) => portalUrl.replace(/\/+$/, "");

/** The page a subscriber unsubscribes on (a button; following the link alone changes nothing). */
export function unsubscribePageUrl(portalUrl: string, subscriberId: string, token: string): string {
  return `${base(portalUrl)}/announcements/unsubscribe?s=${subscriberId}&t=${token}`;
}

/**
 * The RFC 8058 one-click address of List-Unsubscribe: a POST there unsubscribes; a GET (a person's mail client
 * opening it) is sent on to the page above.
 */
export function oneClickUnsubscribeUrl(portalUrl: string, subscriberId: string, token: string): string {
  return `${base(portalUrl)}/announcements/unsubscribe/one-click?s=${subscriberId}&t=${token}`;
}

/** The confirmation page of a subscription, with the one-time token and the choice of forthcoming-fix notices. */
export function confirmPageUrl(portalUrl: string, token: string, forthcoming: boolean): string {
  return `${base(portalUrl)}/announcements/confirm?t=${token}${forthcoming ? "&f=1" : ""}`;
}
