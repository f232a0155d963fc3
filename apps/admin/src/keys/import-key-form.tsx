"use client";

import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { Fingerprint, KEY_FILE_MAX_BYTES, type TMyKey } from "./format";
import { ReplacingNotice } from "./replacing-notice";

type FieldName = "publicKey" | "lockedPrivateKey" | "passphrase" | "replace";
type Errors = Partial<Record<FieldName, string>>;
type Status = "idle" | "checking" | "uploading";

/**
 * Imports a key made elsewhere (GnuPG: `gpg --armor --export` and `gpg --armor --export-secret-keys`). Every
 * check runs here first, so an unlocked private key is refused before it could ever leave the browser.
 */
export function ImportKeyForm({
  current,
  onRegistered,
  onClose,
}: {
  current: TMyKey | null;
  onRegistered: () => Promise<void>;
  onClose: () => void;
}) {
  const [publicKey, setPublicKey] = useState("");
  const [lockedPrivateKey, setLockedPrivateKey] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [replace, setReplace] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<{ message: string; n: number } | null>(null);
  const [status, setStatus] = useState<Status>("idle");
  const [registered, setRegistered] = useState<string | null>(null);

  const fail = (message: string, found: Errors = {}) => {
    setErrors(found);
    setFailure({ message, n: (failure?.n ?? 0) + 1 });
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {};
    if (!publicKey.trim()) found.publicKey = "Paste your public key, or choose its file.";
    if (!lockedPrivateKey.trim())
      found.lockedPrivateKey = "Paste your locked private key, or choose its file.";
    if (!passphrase) found.passphrase = "Enter the passphrase of this key.";
    if (current && !replace) found.replace = "Tick this to replace your current key.";
    if (Object.keys(found).length > 0) return fail("Please correct the fields marked below.", found);
    setErrors({});
    setFailure(null);
    try {
      setStatus("checking");
      const crypto = await import("@disclose/crypto");
      const check = await crypto.checkStaffKeyPair({ publicKey, lockedPrivateKey });
      if (!check.ok) {
        // Nothing was sent: a key refused here (an unlocked one above all) never leaves the browser.
        return check.field
          ? fail("This key cannot be used yet.", { [check.field]: check.reason })
          : fail(check.reason);
      }
      // Proves the passphrase now rather than on the day a report needs reading.
      if (!(await crypto.unlocksWith({ lockedPrivateKey: check.lockedPrivateKey, passphrase }))) {
        return fail("This key cannot be used yet.", {
          passphrase: "This passphrase does not unlock the private key.",
        });
      }
      setStatus("uploading");
      await adminClient().keys.register.mutate({
        armoredPublicKey: check.publicKey,
        lockedPrivateKey: check.lockedPrivateKey,
      });
      setPassphrase("");
      setRegistered(check.fingerprint);
      await onRegistered();
    } catch (error) {
      const field = serverField(error);
      fail(errorMessage(error), field ? { [field]: errorMessage(error) } : {});
    } finally {
      setStatus("idle");
    }
  }

  if (registered) {
    return (
      <section aria-labelledby="imported-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
        <h3 id="imported-heading" className="text-lg font-semibold">
          Your key is registered
        </h3>
        <Alert tone="info" title="New reports are encrypted to this key">
          Fingerprint: <Fingerprint value={registered} />
        </Alert>
        <button type="button" className={buttonClass} onClick={onClose}>
          Done
        </button>
      </section>
    );
  }

  const busy = status !== "idle";
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="import-heading"
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
    >
      <h3 id="import-heading" className="text-lg font-semibold">
        Import a key
      </h3>
      <p className="text-sm text-slate-700">
        A version 4 ed25519/cv25519 key whose private key is locked with a passphrase. From GnuPG:{" "}
        <code>gpg --armor --export YOUR-FINGERPRINT</code> and{" "}
        <code>gpg --armor --export-secret-keys YOUR-FINGERPRINT</code>. It is checked in this browser before
        anything is sent.
      </p>
      {failure ? <Alert title={failure.message} focusKey={failure.n} /> : null}
      <ArmoredKeyField
        id="import-public-key"
        label="Public key"
        hint="Begins with -----BEGIN PGP PUBLIC KEY BLOCK-----."
        value={publicKey}
        onChange={setPublicKey}
        error={errors.publicKey}
        disabled={busy}
      />
      <ArmoredKeyField
        id="import-private-key"
        label="Locked private key"
        hint="Begins with -----BEGIN PGP PRIVATE KEY BLOCK-----. It must be locked with a passphrase."
        value={lockedPrivateKey}
        onChange={setLockedPrivateKey}
        error={errors.lockedPrivateKey}
        disabled={busy}
      />
      <Field
        id="import-passphrase"
        label="Its passphrase"
        required
        error={errors.passphrase}
        hint="Checked in this browser to prove the key unlocks; it is never sent."
      >
        <input
          id="import-passphrase"
          name="passphrase"
          type="password"
          autoComplete="off"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-invalid={errors.passphrase ? true : undefined}
          aria-describedby={describedBy("import-passphrase", { hint: true, error: errors.passphrase })}
          className={inputClass}
          disabled={busy}
        />
      </Field>
      {current ? (
        <ReplacingNotice
          id="import-replace"
          current={current}
          checked={replace}
          onChange={setReplace}
          error={errors.replace}
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Working…" : "Check and upload my key"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <p role="status" className="text-sm text-slate-700">
          {status === "checking"
            ? "Checking the key in this browser…"
            : status === "uploading"
              ? "Uploading the locked key…"
              : ""}
        </p>
      </div>
    </form>
  );
}

/** A textarea for an armored key, filled by pasting or from a chosen file. */
function ArmoredKeyField({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  disabled,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  disabled: boolean;
}) {
  const [fileError, setFileError] = useState<string | null>(null);

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > KEY_FILE_MAX_BYTES) return setFileError("This file is too large to be one key.");
    const text = await file.text();
    if (!text.includes("-----BEGIN PGP")) {
      return setFileError("This file is not an armored key. Export it with gpg --armor.");
    }
    setFileError(null);
    onChange(text);
  }

  const shown = error ?? fileError;
  return (
    <Field id={id} label={label} hint={hint} required error={shown}>
      <textarea
        id={id}
        rows={6}
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(e) => {
          setFileError(null);
          onChange(e.target.value);
        }}
        aria-invalid={shown ? true : undefined}
        aria-describedby={describedBy(id, { hint: true, error: shown })}
        className={`${inputClass} font-mono text-xs`}
        disabled={disabled}
      />
      <label className="mt-1 inline-block text-sm text-slate-700">
        <span className="mr-2">Or choose the file of your {label.toLowerCase()}:</span>
        <input
          type="file"
          accept=".asc,.txt,.pub,.key,application/pgp-keys,text/plain"
          onChange={pick}
          disabled={disabled}
          className="text-sm"
        />
      </label>
    </Field>
  );
}

/** The form field an AppError from the server names, in this form's terms. */
function serverField(error: unknown): FieldName | null {
  const field = (error as { data?: { appDetails?: { field?: string } } } | null)?.data?.appDetails?.field;
  if (field === "armoredPublicKey") return "publicKey";
  if (field === "lockedPrivateKey") return "lockedPrivateKey";
  return null;
}
