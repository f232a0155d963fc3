"use client";

import { secondaryButtonClass, useHydrated } from "@disclose/ui";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useKeyring } from "~/keyring";
import { adminClient, errorMessage } from "~/trpc/client";

/** Sign out here, or everywhere (every browser where this account is signed in). */
export function AccountControls({ email, name }: { email: string; name: string | null }) {
  const [error, setError] = useState<string | null>(null);
  // Signing out locks the key first, in every tab of this browser.
  const keyring = useKeyring();
  // Enabled once React runs here: before that a click would do nothing.
  const hydrated = useHydrated();
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      {/* On every page: "/" sends each person straight on to the page they use most. */}
      <span className="text-slate-300" data-testid="signed-in-as" title={email}>
        Signed in as {name ?? email}.
      </span>
      <button
        type="button"
        className={secondaryButtonClass}
        disabled={!hydrated}
        onClick={async () => {
          await keyring.lock({ allTabs: true });
          await signOut({ callbackUrl: "/sign-in" });
        }}
      >
        Sign out
      </button>
      <button
        type="button"
        className={secondaryButtonClass}
        disabled={!hydrated}
        onClick={async () => {
          try {
            await keyring.lock({ allTabs: true });
            await adminClient().account.signOutEverywhere.mutate();
            await signOut({ callbackUrl: "/sign-in" });
          } catch (e) {
            setError(errorMessage(e));
          }
        }}
      >
        Sign out everywhere
      </button>
      {error ? (
        <p role="alert" className="w-full text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
