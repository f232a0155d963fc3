"use client";

import { buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { adminClient } from "~/trpc/client";
import { useKeyring } from "./keyring-provider";

export interface UnlockPanelProps {
  /**
   * Whether the account has a current key, when the page already knows (e.g. from the report's `myKeys`);
   * left out, the panel asks the server (public parts only, not audited).
   */
  hasCurrentKey?: boolean;
  /** Called once the key is unlocked (the panel renders nothing from then on). */
  onUnlocked?: () => void;
  /** Moves focus to the passphrase field when the panel appears (for a popover; not for a whole page). */
  autoFocus?: boolean;
  /** The heading; null for none (e.g. inside a labelled popover). */
  title?: ReactNode;
  /** Explains why the page asks, under the heading. */
  children?: ReactNode;
}

/**
 * Asks for the key's passphrase once for this tab. Renders nothing while the key is unlocked; says so while a
 * reload restores the tab's keys; points to the Keys page when the account has no key yet.
 */
export function UnlockPanel({
  hasCurrentKey,
  onUnlocked,
  autoFocus = false,
  title = "Unlock your key",
  children,
}: UnlockPanelProps) {
  const keyring = useKeyring();
  const id = useId();
  const inputId = `${id}-passphrase`;
  const headingId = `${id}-heading`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const [noKey, setNoKey] = useState<boolean | null>(hasCurrentKey === undefined ? null : !hasCurrentKey);

  // Unknown whether there is a key: ask for the public list (cheap, unaudited) rather than find out on submit.
  useEffect(() => {
    if (hasCurrentKey !== undefined) {
      setNoKey(!hasCurrentKey);
      return;
    }
    if (keyring.status !== "locked") return;
    let live = true;
    adminClient()
      .keys.mine.query()
      .then((mine) => {
        if (live) setNoKey(mine.current === null);
      })
      .catch(() => {
        // The unlock attempt will tell.
        if (live) setNoKey(false);
      });
    return () => {
      live = false;
    };
  }, [hasCurrentKey, keyring.status]);

  useEffect(() => {
    if (autoFocus && keyring.status === "locked" && noKey !== true) inputRef.current?.focus();
  }, [autoFocus, keyring.status, noKey]);

  if (keyring.status === "unlocked") return null;

  const heading = title ? (
    <h2 id={headingId} className="text-lg font-semibold">
      {title}
    </h2>
  ) : null;
  const box = "space-y-3 rounded-lg bg-white p-4 text-slate-900 shadow-sm";

  // Until it is known whether there is a key at all, no passphrase field that may lead nowhere.
  if (keyring.status === "restoring" || noKey === null) {
    return (
      <div className={box} role="status">
        <p className="text-slate-700">Checking whether your key is already unlocked in this tab…</p>
      </div>
    );
  }

  if (noKey) {
    return (
      <section aria-labelledby={title ? headingId : undefined} className={box}>
        {heading}
        <div className="rounded-md border-l-4 border-sky-600 bg-sky-50 p-4 text-sky-900">
          <p className="font-semibold">
            You have no OpenPGP key yet — create one on the{" "}
            <a href="/keys" className="underline">
              Keys page
            </a>
            .
          </p>
          <p className="mt-1 text-sm">
            New reports are then encrypted to it, and the cases you may read are granted to it by a team
            member.
          </p>
        </div>
      </section>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setAttempt((n) => n + 1);
    if (!passphrase) {
      setError("Enter your key's passphrase.");
      inputRef.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await keyring.unlock(passphrase);
      if (result.ok) {
        setPassphrase("");
        onUnlocked?.();
        return;
      }
      if (result.code === "no-key") {
        setNoKey(true);
        return;
      }
      setError(result.reason);
      inputRef.current?.select();
      inputRef.current?.focus();
    } finally {
      setPending(false);
    }
  }

  const minutes = keyring.idleMinutes;
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby={title ? headingId : undefined}
      aria-busy={pending || undefined}
      className={box}
    >
      {heading}
      {children}
      <Field
        id={inputId}
        label="Key passphrase"
        hint={`Asked once in this tab; locks after ${minutes} ${minutes === 1 ? "minute" : "minutes"} idle.`}
        error={error}
        required
      >
        <input
          ref={inputRef}
          id={inputId}
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          value={passphrase}
          onChange={(e) => {
            setPassphrase(e.target.value);
            if (error) setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(inputId, { hint: true, error })}
          className={inputClass}
          // Read-only rather than disabled while checking: focus stays in the field for a retry.
          readOnly={pending}
        />
      </Field>
      {/* The field's error is also said aloud: focus stays in the field, so nothing else would announce it. */}
      <p className="sr-only" role="alert" key={attempt}>
        {error ?? ""}
      </p>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Unlocking…" : "Unlock key"}
      </button>
    </form>
  );
}
