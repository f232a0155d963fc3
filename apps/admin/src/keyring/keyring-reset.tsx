"use client";

import { useEffect } from "react";
import { browserKeyringEnv, destroyUnlocked, hasSessionEntry } from "./keyring-store";

/**
 * Where there is no keyring (signed out, the session ended or was revoked elsewhere, or before the second
 * factor): destroys what this tab stored, so signing in again asks for the passphrase again.
 */
export function KeyringReset() {
  useEffect(() => {
    const env = browserKeyringEnv();
    if (env && hasSessionEntry(env.storage)) void destroyUnlocked(env);
  }, []);
  return null;
}
