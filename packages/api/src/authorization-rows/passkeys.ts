import type { AuthzRows } from "./fixture";

/** A syntactically sound passkey answer that no challenge was issued for: refused past authorization. */
const strayAnswer = () => ({
  id: "AAAA",
  rawId: "AAAA",
  type: "public-key" as const,
  clientExtensionResults: {},
  response: {
    clientDataJSON: Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: "nope" })).toString(
      "base64url",
    ),
    authenticatorData: "AAAA",
    signature: "AAAA",
  },
});

/**
 * Rows of the authorization matrix for passkeys: each person manages their own (every account past the second
 * factor); the second factor's passkey steps are reachable before it; signing in with a passkey alone needs no
 * session at all.
 */
export const passkeysRows: AuthzRows = (_fx) => ({
  "passkeys.mine": { allowed: () => true },
  "passkeys.startRegistration": { allowed: () => true },
  "passkeys.finishRegistration": {
    input: async () => ({
      name: "Key",
      response: { ...strayAnswer(), response: { clientDataJSON: "AAAA", attestationObject: "AAAA" } },
    }),
    allowed: () => true,
  },
  "passkeys.rename": {
    input: async () => ({ passkeyId: "00000000-0000-4000-8000-000000000000", name: "Key" }),
    allowed: () => true,
  },
  "passkeys.remove": {
    input: async () => ({ passkeyId: "00000000-0000-4000-8000-000000000000" }),
    allowed: () => true,
  },
  "passkeys.setSignIn": { input: async () => ({ enabled: false }), allowed: () => true },
  "auth.passkeyOptions": { allowed: () => true, beforeSecondFactor: true },
  "auth.verifyPasskey": {
    input: async () => ({ response: strayAnswer() }),
    allowed: () => true,
    beforeSecondFactor: true,
  },
  "auth.passkeySignInOptions": { allowed: () => true, public: true },
  "auth.signInWithPasskey": {
    input: async () => ({ response: strayAnswer() }),
    allowed: () => true,
    public: true,
  },
});
