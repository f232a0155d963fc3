"use client";

import type { TImportedTeamKey } from "@disclose/api";
import { formatUtc } from "@disclose/domain";
import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";

/**
 * The team keys (the project's security@ key from before Disclose), for the PST: who holds each, importing one
 * and retiring one. Importing happens here in the browser: the secret key is unlocked with its passphrase and
 * encrypted at once to every PST member's key; the server receives that ciphertext and the public key only.
 */
export function TeamKeysSection({ keys }: { keys: TImportedTeamKey[] }) {
  const [importing, setImporting] = useState(false);
  return (
    <section aria-labelledby="team-keys-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="team-keys-heading" className="text-lg font-semibold">
        Team keys
      </h2>
      <p className="text-sm text-slate-700">
        The key reporters already use for the project's security address (published before Disclose). Once
        imported, mail encrypted to it becomes a report the PST can open: each member's browser holds the team
        key through their own key, with no shared passphrase. Every use of it is in the audit log.
      </p>
      {keys.length === 0 ? <p className="text-slate-600">No team key yet.</p> : null}
      <ul className="space-y-3">
        {keys.map((k) => (
          <TeamKeyRow key={k.fingerprint} teamKey={k} />
        ))}
      </ul>
      {importing ? (
        <ImportTeamKeyForm onClose={() => setImporting(false)} />
      ) : (
        <button type="button" className={secondaryButtonClass} onClick={() => setImporting(true)}>
          Import the project's key as a team key
        </button>
      )}
    </section>
  );
}

function TeamKeyRow({ teamKey: k }: { teamKey: TImportedTeamKey }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function retire() {
    if (!window.confirm(`Retire the team key "${k.label}"? Mail encrypted to it will be kept unread.`))
      return;
    setPending(true);
    setError(null);
    try {
      await adminClient().teamKeys.retire.mutate({ fingerprint: k.fingerprint });
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }
  return (
    <li className="space-y-1 rounded-md border border-slate-200 p-3" data-testid="team-key">
      <p className="font-medium wrap-anywhere">
        {k.label}{" "}
        {k.retiredAt ? (
          <span className="text-sm font-normal text-slate-600">(retired {formatUtc(k.retiredAt)})</span>
        ) : null}
      </p>
      <p className="font-mono text-sm wrap-anywhere">{k.fingerprint}</p>
      <p className="text-sm text-slate-600">
        Imported {formatUtc(k.createdAt)}
        {k.importedByName ? <> by {k.importedByName}</> : null}.{" "}
        {k.retiredAt ? null : (
          <>
            Held by {k.holders.length === 0 ? "nobody yet" : k.holders.join(", ")}
            {k.waiting.length > 0 ? (
              <>; waiting for {k.waiting.join(", ")} (granted when a holder is online)</>
            ) : null}
            .
          </>
        )}
      </p>
      {error ? <Alert title="Not retired">{error}</Alert> : null}
      {k.retiredAt ? null : (
        <button type="button" className="text-sm text-red-700 underline" onClick={retire} disabled={pending}>
          Retire this team key
        </button>
      )}
    </li>
  );
}

type Errors = Partial<Record<"label" | "secretKey" | "passphrase", string>>;

function ImportTeamKeyForm({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const [label, setLabel] = useState("");
  const [secretKey, setSecretKey] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {};
    if (!label.trim()) found.label = "Name the key, for example the address it was published for.";
    if (!secretKey.trim()) found.secretKey = "Paste the secret key (gpg --armor --export-secret-keys).";
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      const crypto = await import("@disclose/crypto");
      const unlocked = await crypto.unlockTeamSecretKey({
        armoredSecretKey: secretKey,
        passphrase,
        now: new Date(),
      });
      // Refused here, nothing was sent: the secret key never leaves the browser unencrypted.
      if (!unlocked.ok) return setFailure(unlocked.reason);
      for (let attempt = 0; attempt < 2; attempt++) {
        const pst = await adminClient().keys.team.query();
        try {
          await adminClient().teamKeys.import.mutate({
            label: label.trim(),
            publicKey: unlocked.publicKey,
            privateKeyMessage: await crypto.encryptText(
              unlocked.unlockedPrivateKey,
              pst.map((k) => k.armoredPublicKey),
            ),
          });
          break;
        } catch (e) {
          // The PST's keys changed meanwhile: encrypt again to the keys of now, once.
          if (attempt === 0 && /everyone who reads/.test(errorMessage(e))) continue;
          throw e;
        }
      }
      setSecretKey("");
      setPassphrase("");
      router.refresh();
      onClose();
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded-md border border-slate-200 p-3">
      {failure ? <Alert title="Not imported">{failure}</Alert> : null}
      <Field id="team-key-label" label="Name" error={errors.label} required>
        <input
          id="team-key-label"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          maxLength={200}
          aria-invalid={Boolean(errors.label)}
          aria-describedby={describedBy("team-key-label", { error: errors.label })}
          className={inputClass}
        />
      </Field>
      <Field
        id="team-key-secret"
        label="Secret key"
        hint="Armored (gpg --armor --export-secret-keys KEYID). It is unlocked and encrypted to the PST's keys in this browser; the server never receives it in clear."
        error={errors.secretKey}
        required
      >
        <textarea
          id="team-key-secret"
          rows={6}
          value={secretKey}
          onChange={(e) => setSecretKey(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={Boolean(errors.secretKey)}
          aria-describedby={describedBy("team-key-secret", { hint: true, error: errors.secretKey })}
          className={`${inputClass} font-mono text-sm`}
        />
      </Field>
      <Field id="team-key-passphrase" label="Its passphrase" error={errors.passphrase}>
        <input
          id="team-key-passphrase"
          type="password"
          autoComplete="off"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          className={inputClass}
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Encrypting…" : "Import as a team key"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onClose} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
