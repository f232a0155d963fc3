import "server-only";
import type { ReactNode } from "react";
import { GrantRunnerProvider } from "~/grants/grant-runner";
import { TeamKeyGrantRunner } from "~/team-keys/team-key-grant-runner";
import { KeyringProvider } from "./keyring-provider";
import { KeyringReset } from "./keyring-reset";
import { keyringSettings } from "./keyring-settings";

/**
 * Wraps the app in the tab's keyring for a session past the second factor (with the admin's idle setting);
 * before that (signing in), there is no keyring at all, and whatever this tab stored is destroyed.
 */
export async function KeyringBoundary({ children }: { children: ReactNode }) {
  const keyring = await keyringSettings();
  if (!keyring) {
    return (
      <>
        <KeyringReset />
        {children}
      </>
    );
  }
  return (
    <KeyringProvider idleMinutes={keyring.idleMinutes} accountId={keyring.accountId}>
      <GrantRunnerProvider>
        <TeamKeyGrantRunner />
        {children}
      </GrantRunnerProvider>
    </KeyringProvider>
  );
}
