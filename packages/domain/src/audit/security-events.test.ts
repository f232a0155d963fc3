import { describe, expect, it } from "vitest";
import {
  isSecurityEvent,
  NOT_SECURITY_ACTIONS,
  SECURITY_ACTION_PREFIXES,
  securityEventLabel,
} from "./security-events";

describe("security events on the account page", () => {
  it.each([
    ["session.signed_in", "Signed in"],
    ["session.ended", "Ended a session from the account page"],
    ["session.revoked_by_admin", "An admin ended all your sessions"],
    ["auth.second_factor_passed", "Second factor passed"],
    ["auth.second_factor_failed", "Wrong second-factor code"],
    ["auth.totp_enrolled", "Authenticator app set up"],
    ["auth.recovery_codes_renewed", "New recovery codes made (the old ones stopped working)"],
    ["auth.passkey_added", "Passkey added"],
    ["auth.passkey_renamed", "Passkey renamed"],
    ["auth.passkey_removed", "Passkey removed"],
    ["auth.passkey_sign_in_on", "Signing in with a passkey turned on"],
    ["pgp_key.registered", "OpenPGP key added"],
    ["pgp_key.retired", "OpenPGP key retired"],
    ["recovery.requested", "Account recovery asked for"],
  ])("%s reads %j", (action, label) => {
    expect(isSecurityEvent(action)).toBe(true);
    expect(securityEventLabel(action)).toBe(label);
  });

  it.each([
    ["session.signed_in", "email-link", "Signed in with an emailed link"],
    ["session.signed_in", "passkey", "Signed in with a passkey"],
    ["session.signed_in", "carrier pigeon", "Signed in"],
    ["auth.second_factor_passed", "totp", "Second factor passed with the authenticator app"],
    ["auth.second_factor_passed", "recovery-code", "Second factor passed with a recovery code"],
    ["auth.second_factor_passed", "passkey", "Second factor passed with a passkey"],
    ["auth.second_factor_passed", null, "Second factor passed"],
    ["auth.totp_enrolled", "totp", "Authenticator app set up"],
    ["auth.totp_enrolled", "__proto__", "Authenticator app set up"],
    ["session.signed_in", "__proto__", "Signed in"],
    ["session.signed_in", "constructor", "Signed in"],
    ["auth.second_factor_passed", "toString", "Second factor passed"],
  ])("%s done with %j reads %j", (action, method, label) => {
    expect(securityEventLabel(action, method)).toBe(label);
  });

  it("names an event of a known area it has no label for after its words", () => {
    expect(securityEventLabel("recovery.approval_withdrawn")).toBe("Account recovery: approval withdrawn");
    expect(securityEventLabel("auth.")).toBe("Second factor: changed");
    expect(securityEventLabel("session.x_y_z")).toBe("Session: x y z");
    expect(securityEventLabel("session.constructor")).toBe("Session: constructor");
    expect(securityEventLabel("auth.__proto__")).toBe("Second factor: proto");
  });

  it.each([
    "report.read",
    "case.accept",
    "user.roles_changed",
    "settings.updated",
    "pgp_key.private_key_read",
    "auth.totp_secrets_rotated",
    "",
    "session",
    "sessions.signed_in",
    "Session.signed_in",
    "xsession.signed_in",
  ])("%j is not a security event", (action) => {
    expect(isSecurityEvent(action)).toBe(false);
    expect(securityEventLabel(action)).toBeNull();
  });

  it("excludes only actions under its own prefixes", () => {
    for (const action of NOT_SECURITY_ACTIONS) {
      expect(SECURITY_ACTION_PREFIXES.some((prefix) => action.startsWith(prefix))).toBe(true);
    }
  });
});
