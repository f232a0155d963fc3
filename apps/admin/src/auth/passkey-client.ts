"use client";

import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from "@simplewebauthn/browser";

export { browserSupportsWebAuthn };

/** What the browser says when a passkey prompt ends without an answer, in words a person can act on. */
function explain(error: unknown): Error {
  const name =
    error instanceof WebAuthnError ? (error.cause as Error | undefined)?.name : (error as Error)?.name;
  if (error instanceof WebAuthnError && error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
    return new Error("This passkey is registered already.");
  }
  if (name === "NotAllowedError" || name === "AbortError") {
    return new Error("The passkey prompt was closed or timed out. Try again when you are ready.");
  }
  if (name === "SecurityError") {
    return new Error("This browser refused to use a passkey on this address.");
  }
  return new Error("The passkey did not answer. Try again, or use another way in.");
}

/** Asks the browser for a new passkey for these options. */
export async function makePasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON) {
  try {
    return await startRegistration({ optionsJSON });
  } catch (error) {
    throw explain(error);
  }
}

/** Asks the browser to answer a challenge with a passkey. */
export async function answerWithPasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON) {
  try {
    return await startAuthentication({ optionsJSON });
  } catch (error) {
    throw explain(error);
  }
}
