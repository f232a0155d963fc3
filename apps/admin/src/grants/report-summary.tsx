"use client";

import { useEffect, useState } from "react";
import { useKeyring } from "~/keyring";

type TShown =
  | { state: "decrypting" }
  | { state: "ok"; title: string; component: string }
  | { state: "unreadable" };

/**
 * A report's title and component in a list, decrypted here from its small summary (a few hundred bytes)
 * with the tab's unlocked key; the server never sees them.
 */
export function ReportSummary({ ciphertext }: { ciphertext: string | null }) {
  const keyring = useKeyring();
  const [shown, setShown] = useState<TShown>({ state: "decrypting" });
  const keys = keyring.keys;

  useEffect(() => {
    if (!ciphertext || keys.length === 0) return;
    let live = true;
    (async () => {
      const crypto = await import("@disclose/crypto");
      const summary = await crypto
        .decryptTextWithKeys(ciphertext, keys)
        .then(crypto.parseReportSummary)
        .catch(() => null);
      if (live) setShown(summary ? { state: "ok", ...summary } : { state: "unreadable" });
    })();
    return () => {
      live = false;
    };
  }, [ciphertext, keys]);

  if (!ciphertext) {
    return (
      <span className="block text-xs italic text-slate-500">
        No title yet: it appears once a reader opens it
      </span>
    );
  }
  if (keyring.status !== "unlocked") {
    return (
      <span className="block text-xs italic text-slate-500">Title encrypted: unlock your key to see it</span>
    );
  }
  if (shown.state === "decrypting") return <span className="block text-xs text-slate-500">Decrypting…</span>;
  if (shown.state === "unreadable") {
    return (
      <span className="block text-xs italic text-slate-500">Title not readable with your unlocked key</span>
    );
  }
  return (
    <span className="block min-w-0" data-testid="inbox-title">
      <span className="block font-semibold text-slate-900 wrap-anywhere">{shown.title}</span>
      {shown.component ? (
        <span className="block text-xs text-slate-600 wrap-anywhere">{shown.component}</span>
      ) : null}
    </span>
  );
}
