/**
 * What a person's account page lists as "recent security events": what happened to their sessions, second
 * factors, OpenPGP keys and recoveries, in words they understand. Everything else in the audit log (cases,
 * reports, settings) is their work, not their account's security.
 */
export const SECURITY_ACTION_PREFIXES = ["session.", "auth.", "pgp_key.", "recovery."] as const;

/**
 * Actions under those prefixes that are not about the account's safety. A key's locked private half is handed
 * out each time its owner decrypts something: listed, it would push every real event off the page. The AUTH_SECRET
 * rotation is an operator's job on every account at once.
 */
export const NOT_SECURITY_ACTIONS = ["pgp_key.private_key_read", "auth.totp_secrets_rotated"] as const;

const LABELS: Readonly<Record<string, string>> = {
  "session.signed_in": "Signed in",
  "session.signed_out": "Signed out",
  "session.signed_out_everywhere": "Signed out everywhere",
  "session.ended": "Ended a session from the account page",
  "session.revoked_by_admin": "An admin ended all your sessions",
  "auth.sign_in_link_sent": "Sign-in link emailed",
  "auth.second_factor_passed": "Second factor passed",
  "auth.second_factor_failed": "Wrong second-factor code",
  "auth.totp_enrolled": "Authenticator app set up",
  "auth.recovery_codes_renewed": "New recovery codes made (the old ones stopped working)",
  "auth.passkey_added": "Passkey added",
  "auth.passkey_renamed": "Passkey renamed",
  "auth.passkey_removed": "Passkey removed",
  "auth.passkey_sign_in_on": "Signing in with a passkey turned on",
  "auth.passkey_sign_in_off": "Signing in with a passkey turned off",
  "auth.passkey_sign_in_failed": "A sign-in with a passkey failed",
  "pgp_key.created": "OpenPGP key made",
  "pgp_key.registered": "OpenPGP key added",
  "pgp_key.retired": "OpenPGP key retired",
  "recovery.requested": "Account recovery asked for",
  "recovery.approved": "Account recovery approved",
  "recovery.cancelled": "Account recovery cancelled",
  "recovery.completed": "Account recovered: a new second factor was set up",
  "recovery.expired": "Account recovery request lapsed",
};

const AREA_NAMES: Readonly<Record<string, string>> = {
  session: "Session",
  auth: "Second factor",
  pgp_key: "OpenPGP key",
  recovery: "Account recovery",
};

/** How a sign-in or a second factor was done (the event's `method`), where that says something to the person. */
const BY_METHOD: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "session.signed_in": {
    "email-link": "Signed in with an emailed link",
    passkey: "Signed in with a passkey",
  },
  "auth.second_factor_passed": {
    totp: "Second factor passed with the authenticator app",
    "recovery-code": "Second factor passed with a recovery code",
    passkey: "Second factor passed with a passkey",
  },
};

/** Whether an audit action concerns the safety of the account it is about. */
export function isSecurityEvent(action: string): boolean {
  return (
    SECURITY_ACTION_PREFIXES.some((prefix) => action.startsWith(prefix)) &&
    !(NOT_SECURITY_ACTIONS as readonly string[]).includes(action)
  );
}

/**
 * The plain-language label of a security event, or null when the action is not one; `method` is the event's own
 * (how a sign-in or second factor was done). An action this table does not know yet (a new kind of factor, a new
 * recovery step) is still shown, named after its words.
 */
export function securityEventLabel(action: string, method?: string | null): string | null {
  if (!isSecurityEvent(action)) return null;
  const byMethod = Object.hasOwn(BY_METHOD, action) ? BY_METHOD[action] : undefined;
  const known =
    (method && byMethod && Object.hasOwn(byMethod, method) ? byMethod[method] : undefined) ??
    (Object.hasOwn(LABELS, action) ? LABELS[action] : undefined);
  if (known) return known;
  const [area = "", what = ""] = action.split(".", 2);
  const words = what.replaceAll("_", " ").trim() || "changed";
  return `${AREA_NAMES[area] ?? area}: ${words}`;
}
