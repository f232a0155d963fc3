"use client";

import { secondaryButtonClass } from "@disclose/ui";
import { useId } from "react";
import { formatFingerprint } from "~/keys/format";
import { useKeyring } from "./keyring-provider";
import { UnlockPanel } from "./unlock-panel";

/** The Keys page's view of this tab's keyring: which keys are unlocked here, lock, or unlock. */
export function KeyringSection({ hasCurrentKey }: { hasCurrentKey: boolean }) {
  const keyring = useKeyring();
  const headingId = useId();
  const minutes = keyring.idleMinutes;
  // No key yet: the page below is where to make one; nothing to unlock.
  if (!hasCurrentKey && keyring.status !== "unlocked") return null;
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-xl font-semibold">
        Unlocked in this tab
      </h2>
      {keyring.status === "unlocked" ? (
        <div className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
          <p>
            {keyring.fingerprints.length === 1 ? "This key is" : "These keys are"} unlocked in this tab until
            you lock {keyring.fingerprints.length === 1 ? "it" : "them"}, sign out or leave the tab idle for{" "}
            {minutes} {minutes === 1 ? "minute" : "minutes"}
            {keyring.remembered ? "" : " (this browser does not keep them over a reload)"}:
          </p>
          <ul className="space-y-1">
            {keyring.fingerprints.map((fingerprint, i) => (
              <li key={fingerprint}>
                <code className="break-words font-mono text-sm">{formatFingerprint(fingerprint)}</code>
                {i === 0 ? <span className="ml-2 text-sm text-slate-600">(current)</span> : null}
              </li>
            ))}
          </ul>
          <p className="text-sm text-slate-600">
            After making or importing a new key, lock and unlock again so that this tab uses it.
          </p>
          <button type="button" className={secondaryButtonClass} onClick={() => void keyring.lock()}>
            Lock now
          </button>
        </div>
      ) : (
        <UnlockPanel hasCurrentKey={hasCurrentKey} title={null}>
          <p className="text-sm text-slate-600">
            Reading reports needs your private key unlocked in this browser tab. Retired keys with the same
            passphrase are unlocked too.
          </p>
        </UnlockPanel>
      )}
    </section>
  );
}
