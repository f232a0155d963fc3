"use client";

import { buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";

type Result = { ok: true } | { ok: false; message: string };

/**
 * Unlocks the key in this browser, to find out that a passphrase is forgotten before a report needs reading.
 * Fetching the locked private key is audited on the server; the passphrase is never sent.
 */
export function CheckPassphrase({ fingerprint }: { fingerprint: string }) {
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const id = `check-${fingerprint}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!passphrase) return setResult({ ok: false, message: "Enter your passphrase." });
    setPending(true);
    setResult(null);
    try {
      const [{ unlocksWith }, mine] = await Promise.all([
        import("@disclose/crypto"),
        adminClient().keys.readLockedPrivateKeys.mutate(),
      ]);
      const key = [mine.current, ...mine.retired].find((k) => k?.fingerprint === fingerprint);
      if (!key) return setResult({ ok: false, message: "This key is no longer yours to check." });
      setResult(
        (await unlocksWith({ lockedPrivateKey: key.lockedPrivateKey, passphrase }))
          ? { ok: true }
          : { ok: false, message: "This passphrase does not unlock your key." },
      );
    } catch (e) {
      setResult({ ok: false, message: errorMessage(e) });
    } finally {
      setPending(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className={secondaryButtonClass} onClick={() => setOpen(true)}>
        Check my passphrase…
      </button>
    );
  }
  const error = result && !result.ok ? result.message : null;
  return (
    <form onSubmit={submit} noValidate className="w-full space-y-2 rounded-md border border-slate-200 p-3">
      <Field
        id={id}
        label="Passphrase of this key"
        required
        error={error}
        hint="Unlocked in this browser only; the passphrase is never sent."
      >
        <input
          id={id}
          type="password"
          autoComplete="off"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { hint: true, error })}
          className={inputClass}
        />
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Checking…" : "Check"}
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => {
            setOpen(false);
            setPassphrase("");
            setResult(null);
          }}
        >
          Close
        </button>
        <p role="status" className="text-sm font-medium text-emerald-800">
          {result?.ok ? "It unlocks your key." : ""}
        </p>
      </div>
    </form>
  );
}
