"use client";

import { secondaryButtonClass } from "@disclose/ui";
import { UnlockPanel, useKeyring } from "~/keyring";
import { useGrantRunner } from "./grant-runner";

/** What this member can do about pending grants: unlock, or complete them now. */
export function GrantControls({
  waitingForGrant,
  canComplete,
}: {
  waitingForGrant: number;
  canComplete: boolean;
}) {
  const keyring = useKeyring();
  const { progress, run } = useGrantRunner();
  if (waitingForGrant === 0) return null;
  if (keyring.status !== "unlocked") {
    return (
      <UnlockPanel title="Unlock your key to complete these grants">
        <p className="text-sm text-slate-600">
          Your browser then re-encrypts the cases you can read for them.
        </p>
      </UnlockPanel>
    );
  }
  if (!canComplete) {
    return (
      <p className="rounded-lg bg-white p-4 text-slate-700 shadow-sm">
        Your key does not hold these cases, so another team member&apos;s browser completes them.
      </p>
    );
  }
  return (
    <button
      type="button"
      className={secondaryButtonClass}
      disabled={progress.phase === "running"}
      onClick={() => void run()}
    >
      {progress.phase === "running" ? "Granting…" : "Complete them now"}
    </button>
  );
}
