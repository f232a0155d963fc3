"use client";

import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { downloadText, Fingerprint, PASSPHRASE_MIN_CHARS, type TKeyOwner, type TMyKey } from "./format";
import { ReplacingNotice } from "./replacing-notice";

type Status = "idle" | "generating" | "uploading";
type Errors = { passphrase?: string; confirmation?: string; replace?: string };
interface Made {
  fingerprint: string;
  publicKey: string;
  lockedPrivateKey: string;
}

/**
 * Makes a key pair in this browser, locks the private key with the passphrase here, and only then uploads it:
 * the passphrase and the unlocked key never leave the browser.
 */
export function GenerateKeyForm({
  owner,
  current,
  onRegistered,
  onClose,
}: {
  owner: TKeyOwner;
  current: TMyKey | null;
  onRegistered: () => Promise<void>;
  onClose: () => void;
}) {
  const [passphrase, setPassphrase] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [replace, setReplace] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<{ message: string; n: number } | null>(null);
  const [status, setStatus] = useState<Status>("idle");
  const [made, setMade] = useState<Made | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {};
    if (passphrase.length < PASSPHRASE_MIN_CHARS) {
      found.passphrase = `Use at least ${PASSPHRASE_MIN_CHARS} characters.`;
    }
    if (confirmation !== passphrase) found.confirmation = "The two passphrases are not the same.";
    if (current && !replace) found.replace = "Tick this to replace your current key.";
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure({ message: "Please correct the fields marked below.", n: (failure?.n ?? 0) + 1 });
      return;
    }
    setFailure(null);
    try {
      setStatus("generating");
      // OpenPGP.js is loaded now, on this page only, and only by someone making a key.
      const { generateLockedKey } = await import("@disclose/crypto");
      const pair = await generateLockedKey({ name: owner.name, email: owner.email, passphrase });
      setStatus("uploading");
      await adminClient().keys.register.mutate({
        armoredPublicKey: pair.publicKey,
        lockedPrivateKey: pair.lockedPrivateKey,
      });
      setMade(pair);
      setPassphrase("");
      setConfirmation("");
      await onRegistered();
    } catch (error) {
      // What was typed stays in the fields, so trying again is one click.
      setFailure({ message: errorMessage(error), n: (failure?.n ?? 0) + 1 });
    } finally {
      setStatus("idle");
    }
  }

  if (made) {
    return (
      <section aria-labelledby="made-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
        <h3 id="made-heading" className="text-lg font-semibold">
          Your new key is registered
        </h3>
        <Alert tone="info" title="New reports are encrypted to this key">
          Fingerprint: <Fingerprint value={made.fingerprint} />
        </Alert>
        <p className="text-sm text-slate-700">
          Keep a copy of your locked private key somewhere safe, such as a password manager. It is useless
          without your passphrase, and nobody can reset the passphrase for you.
        </p>
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => downloadText(`${made.fingerprint}.pub.asc`, made.publicKey)}
          >
            Download the public key
          </button>
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => downloadText(`${made.fingerprint}.locked-secret.asc`, made.lockedPrivateKey)}
          >
            Download the locked private key
          </button>
          <button type="button" className={buttonClass} onClick={onClose}>
            Done
          </button>
        </div>
      </section>
    );
  }

  const busy = status !== "idle";
  const length = passphrase.length;
  const strength =
    length === 0
      ? `At least ${PASSPHRASE_MIN_CHARS} characters.`
      : length < PASSPHRASE_MIN_CHARS
        ? `${length} characters: too short, at least ${PASSPHRASE_MIN_CHARS}.`
        : length < 20
          ? `${length} characters: acceptable. Longer is stronger.`
          : `${length} characters: good.`;
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="generate-heading"
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
    >
      <h3 id="generate-heading" className="text-lg font-semibold">
        Make a key in this browser
      </h3>
      <p className="text-sm text-slate-700">
        An ed25519/cv25519 key for{" "}
        <strong>
          {owner.name} &lt;{owner.email}&gt;
        </strong>
        , which GnuPG 2.2 and later can use. Your browser locks its private half with your passphrase before
        uploading it: the server never sees the passphrase or the unlocked key, and reports are decrypted in
        your browser only.
      </p>
      {failure ? <Alert title={failure.message} focusKey={failure.n} /> : null}
      <Field
        id="new-passphrase"
        label="Passphrase"
        required
        error={errors.passphrase}
        hint={
          <>
            {strength} A few unrelated words are easy to remember and hard to guess. Nobody can reset it:
            without it, reports sent to this key cannot be read.
          </>
        }
      >
        <input
          id="new-passphrase"
          name="passphrase"
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-invalid={errors.passphrase ? true : undefined}
          aria-describedby={describedBy("new-passphrase", { hint: true, error: errors.passphrase })}
          className={inputClass}
          disabled={busy}
        />
      </Field>
      <Field id="new-passphrase-confirmation" label="Passphrase again" required error={errors.confirmation}>
        <input
          id="new-passphrase-confirmation"
          name="confirmation"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
          aria-invalid={errors.confirmation ? true : undefined}
          aria-describedby={describedBy("new-passphrase-confirmation", { error: errors.confirmation })}
          className={inputClass}
          disabled={busy}
        />
      </Field>
      {current ? (
        <ReplacingNotice
          id="generate-replace"
          current={current}
          checked={replace}
          onChange={setReplace}
          error={errors.replace}
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Working…" : "Make, lock and upload my key"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <p role="status" className="text-sm text-slate-700">
          {status === "generating"
            ? "Making and locking your key in this browser…"
            : status === "uploading"
              ? "Uploading the locked key…"
              : ""}
        </p>
      </div>
    </form>
  );
}
