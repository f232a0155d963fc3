"use client";

import { secondaryButtonClass } from "@disclose/ui";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { type TKeyring, useKeyring } from "./keyring-provider";
import { UnlockPanel } from "./unlock-panel";

function LockIcon({ open }: { open: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className="h-4 w-4 shrink-0"
      fill="none"
      stroke="currentColor"
    >
      <rect x="3" y="7" width="10" height="7" rx="1.5" strokeWidth="1.5" />
      <path d={open ? "M5.5 7V5a2.5 2.5 0 0 1 4.9-.7" : "M5.5 7V5a2.5 2.5 0 0 1 5 0v2"} strokeWidth="1.5" />
    </svg>
  );
}

/** What a screen reader hears when the state changes (not on the quiet restore of a page load). */
function announcementOf(before: TKeyring["status"], keyring: TKeyring): string | null {
  if (keyring.status === "unlocked") return before === "restoring" ? null : "Key unlocked.";
  if (keyring.status !== "locked") return null;
  const minutes = keyring.idleMinutes;
  if (keyring.lockedBecause === "idle") {
    return `Key locked after ${minutes} ${minutes === 1 ? "minute" : "minutes"} without activity.`;
  }
  if (before === "restoring") return null;
  if (keyring.lockedBecause === "other-tab") return "Key locked from another tab.";
  return "Key locked.";
}

/**
 * The header's key state: "Key unlocked · Lock now", or "Key locked" with an Unlock button that opens a small
 * passphrase form. State changes are announced politely; focus follows the button the user pressed.
 */
export function KeyringStatus() {
  const keyring = useKeyring();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const rootRef = useRef<HTMLDivElement>(null);
  const unlockButtonRef = useRef<HTMLButtonElement>(null);
  const lockButtonRef = useRef<HTMLButtonElement>(null);
  const previousRef = useRef(keyring.status);
  // Focus moves only after a change this control caused (the user's own button), never on its own.
  const focusNextRef = useRef<"lock" | "unlock" | null>(null);

  const openRef = useRef(open);
  openRef.current = open;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to changes of status (and reason) only.
  useEffect(() => {
    const before = previousRef.current;
    previousRef.current = keyring.status;
    if (before === keyring.status) return;
    const text = announcementOf(before, keyring);
    if (text) setAnnouncement(text);
    // Unlocked from the popover: focus goes to "Lock now" (the popover, and the field it held, are gone).
    if (keyring.status === "unlocked" && openRef.current) focusNextRef.current = "lock";
    if (keyring.status !== "locked") setOpen(false);
    const target = focusNextRef.current;
    focusNextRef.current = null;
    if (target === "lock" && keyring.status === "unlocked") lockButtonRef.current?.focus();
    if (target === "unlock" && keyring.status === "locked") unlockButtonRef.current?.focus();
  }, [keyring.status, keyring.lockedBecause]);

  // A click outside the popover closes it.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  // Escape from the popover or its button closes it and puts focus on the button.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "Escape" || !open) return;
    event.stopPropagation();
    setOpen(false);
    unlockButtonRef.current?.focus();
  }

  const minutes = keyring.idleMinutes;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: only catches Escape bubbling up from the controls inside.
    <div
      ref={rootRef}
      onKeyDown={onKeyDown}
      className="relative flex flex-wrap items-center gap-2 text-sm"
      data-testid="keyring-status"
    >
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {keyring.status === "restoring" ? (
        <span className="text-slate-400">Checking key…</span>
      ) : keyring.status === "unlocked" ? (
        <>
          <span className="inline-flex items-center gap-1 text-emerald-300">
            <LockIcon open />
            Key unlocked
          </span>
          <span aria-hidden="true" className="text-slate-500">
            ·
          </span>
          <button
            ref={lockButtonRef}
            type="button"
            className={secondaryButtonClass}
            title={`Locks by itself after ${minutes} ${minutes === 1 ? "minute" : "minutes"} without activity`}
            onClick={() => {
              focusNextRef.current = "unlock";
              void keyring.lock();
            }}
          >
            Lock now
          </button>
        </>
      ) : (
        <>
          <span className="inline-flex items-center gap-1 text-slate-300">
            <LockIcon open={false} />
            Key locked
          </span>
          <button
            ref={unlockButtonRef}
            type="button"
            className={secondaryButtonClass}
            aria-expanded={open}
            aria-controls={open ? panelId : undefined}
            aria-haspopup="dialog"
            onClick={() => setOpen((o) => !o)}
          >
            Unlock
          </button>
          {open ? (
            <div
              id={panelId}
              role="dialog"
              aria-label="Unlock your key"
              className="fixed inset-x-4 top-20 z-20 rounded-lg shadow-lg ring-1 ring-slate-300 sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:w-[22rem]"
            >
              <UnlockPanel autoFocus title={null} />
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
