"use client";

import { Alert } from "@disclose/ui";
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from "react";

/**
 * The reporter's own key, unlocked in this browser with the secret after the `#` of the tracking link. The
 * fragment never reaches the server, and the unlocked key lives only in this tab's memory: whatever it decrypts
 * (the report, the thread) is shown and never stored.
 */
export type TReporterKey =
  /** Before JavaScript runs (all a browser without it ever has), and while the key is being unlocked. */
  | { status: "loading" }
  | { status: "no-fragment" }
  | { status: "bad-key" }
  | { status: "ready"; decrypt: (armoredMessage: string) => Promise<string> };

const ReporterKeyContext = createContext<TReporterKey>({ status: "loading" });

/** One unlock for the whole tracking page: the report section and the thread share it. */
export function ReporterKeyProvider({
  lockedPrivateKey,
  children,
}: {
  lockedPrivateKey: string;
  children: ReactNode;
}) {
  const [key, setKey] = useState<TReporterKey>({ status: "loading" });

  useEffect(() => {
    let latest = 0;
    let cancelled = false;
    async function load() {
      const run = ++latest;
      const settle = (next: TReporterKey) => {
        if (!cancelled && run === latest) setKey(next);
      };
      const secret = window.location.hash.slice(1);
      if (!secret) return settle({ status: "no-fragment" });
      // Loaded here, not with the page: OpenPGP.js is large.
      const crypto = await import("@disclose/crypto");
      if (!crypto.isKeySecret(secret)) return settle({ status: "bad-key" });
      try {
        const unlocked = await crypto.unlockPrivateKey(lockedPrivateKey, secret);
        settle({
          status: "ready",
          decrypt: (armoredMessage) => crypto.decryptTextWithKeys(armoredMessage, [unlocked]),
        });
      } catch {
        settle({ status: "bad-key" });
      }
    }
    void load();
    // Someone who pastes the missing part into the address bar gets their report without a reload.
    const onHashChange = () => {
      setKey({ status: "loading" });
      void load();
    };
    window.addEventListener("hashchange", onHashChange);
    return () => {
      cancelled = true;
      window.removeEventListener("hashchange", onHashChange);
    };
  }, [lockedPrivateKey]);

  return <ReporterKeyContext.Provider value={key}>{children}</ReporterKeyContext.Provider>;
}

export function useReporterKey(): TReporterKey {
  return useContext(ReporterKeyContext);
}

/** Said once for the whole page: why nothing encrypted can be read here, and what to do. */
export function ReporterKeyNotice() {
  const key = useReporterKey();
  return (
    <>
      <noscript>
        <p className="rounded-md bg-amber-50 p-3 text-amber-900">
          Your report and the messages are decrypted in your browser: turn on JavaScript to read them and to
          write to the team. The state above is always up to date.
        </p>
      </noscript>
      {key.status === "no-fragment" ? (
        <Alert tone="info" title="This link is missing its key part">
          The end of your tracking link, after the <code>#</code>, unlocks what you sent and the team&apos;s
          replies. Open the full link you saved to read them and to send messages. You can still see the state
          of your report above.
        </Alert>
      ) : null}
      {key.status === "bad-key" ? (
        <Alert title="The key part of this link does not fit">
          The text after the <code>#</code> in your link could not unlock your report or the messages. Check
          that you copied the whole link.
        </Alert>
      ) : null}
    </>
  );
}

const noSubscription = () => () => {};

/** What an encrypted item shows while the key is not usable. */
export function LockedText({ status }: { status: Exclude<TReporterKey["status"], "ready"> }) {
  // False in the server's HTML (all a browser without JavaScript ever gets), true once React runs here.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const text =
    status !== "loading"
      ? "Encrypted — needs the full tracking link."
      : hydrated
        ? "Unlocking with the key in your link…"
        : "Encrypted — read it here with JavaScript on.";
  return <p className="text-sm italic text-slate-600">{text}</p>;
}
