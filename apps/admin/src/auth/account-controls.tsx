"use client";

import { secondaryButtonClass, useHydrated } from "@disclose/ui";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useKeyring } from "~/keyring";
import { adminClient, errorMessage } from "~/trpc/client";

/** Sign out here, or everywhere (every browser where this account is signed in). */
export function AccountControls({ email, name }: { email: string; name: string | null }) {
  // Signing out locks the key first, in every tab of this browser.
  const keyring = useKeyring();
  // Enabled once React runs here: before that a click would do nothing.
  const hydrated = useHydrated();
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      {/* On every page: "/" sends each person straight on to the page they use most. */}
      <Link
        href="/account"
        className="text-slate-300 underline-offset-4 hover:underline"
        data-testid="signed-in-as"
        title={`${email}: your account, sessions and security`}
      >
        Signed in as {name ?? email}.
      </Link>
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
      <SignOutEverywhereButton errorClassName="w-full text-red-300" />
    </div>
  );
}

/**
 * Ends every session of this account, this one included (a lost laptop, a shared computer), then signs this
 * browser out. In the header and on the account page.
 */
export function SignOutEverywhereButton({ errorClassName = "text-red-700" }: { errorClassName?: string }) {
  const [error, setError] = useState<string | null>(null);
  const keyring = useKeyring();
  const hydrated = useHydrated();
  return (
    <>
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
        <p role="alert" className={errorClassName}>
          {error}
        </p>
      ) : null}
    </>
  );
}
