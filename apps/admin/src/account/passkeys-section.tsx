"use client";

import type { AdminRouter } from "@disclose/api";
import { formatUtc } from "@disclose/domain";
import {
  Alert,
  buttonClass,
  DataTable,
  describedBy,
  Field,
  inputClass,
  secondaryButtonClass,
} from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useEffect, useState } from "react";
import { browserSupportsWebAuthn, makePasskey } from "~/auth/passkey-client";
import { adminClient, errorMessage } from "~/trpc/client";

type TPasskeys = inferRouterOutputs<AdminRouter>["passkeys"]["mine"];
type TPasskey = TPasskeys["passkeys"][number];

/**
 * The account page's passkeys: a second factor beside the authenticator app (which stays, so removing every
 * passkey never locks anyone out), and, if the person chooses, a way to sign in without an emailed link.
 */
export function PasskeysSection() {
  const [data, setData] = useState<TPasskeys | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [supported, setSupported] = useState(true);

  useEffect(() => {
    setSupported(browserSupportsWebAuthn());
    adminClient()
      .passkeys.mine.query()
      .then(setData, (e) => setError(errorMessage(e)));
  }, []);

  /** Runs a change; the server answers with the new list. */
  async function change(step: () => Promise<TPasskeys>, done: string) {
    setError(null);
    setNotice(null);
    try {
      setData(await step());
      setNotice(done);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  }

  return (
    <section aria-labelledby="passkeys-heading" className="space-y-3">
      <h3 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h3>
      <p className="text-sm text-slate-700">
        A passkey (a security key, or the one built into your phone, laptop or password manager) answers the
        second factor with a touch instead of a code. Your authenticator app keeps working beside it.
      </p>
      {error ? <Alert title="That did not work">{error}</Alert> : null}
      {notice ? (
        <p role="status" className="text-sm text-emerald-800">
          {notice}
        </p>
      ) : null}
      {data === null ? (
        error ? null : (
          <p aria-live="polite">Loading your passkeys…</p>
        )
      ) : (
        <>
          <DataTable
            caption="Your passkeys"
            rows={data.passkeys}
            rowKey={(p) => p.id}
            rowTestId="passkey-row"
            empty={<p>No passkeys yet. Add one below: it makes signing in quicker and phishing-proof.</p>}
            columns={[
              { header: "Name", cell: (p) => <PasskeyName passkey={p} change={change} /> },
              {
                // One column of facts, so the table fits a phone's width with its Remove buttons in view.
                header: "Details (UTC)",
                cell: (p) => (
                  <>
                    <span className="block">{p.synced ? "Synced passkey" : "On one device"}</span>
                    <span className="block text-slate-600">Added {formatUtc(p.createdAt)}</span>
                    <span className="block text-slate-600">
                      {p.lastUsedAt ? `Last used ${formatUtc(p.lastUsedAt)}` : "Never used yet"}
                    </span>
                  </>
                ),
              },
              {
                header: "Remove",
                cell: (p) => (
                  <RemovePasskey
                    passkey={p}
                    remove={() =>
                      change(
                        () => adminClient().passkeys.remove.mutate({ passkeyId: p.id }),
                        `Removed “${p.name}”.`,
                      )
                    }
                  />
                ),
              },
            ]}
          />
          {supported ? (
            <AddPasskey
              add={async (name) => {
                const options = await adminClient().passkeys.startRegistration.mutate();
                const response = await makePasskey(options);
                return adminClient().passkeys.finishRegistration.mutate({ name, response });
              }}
              change={change}
            />
          ) : (
            <p className="text-sm text-slate-600">This browser cannot make or use passkeys.</p>
          )}
          <PasskeySignInChoice data={data} change={change} />
        </>
      )}
    </section>
  );
}

type Change = (step: () => Promise<TPasskeys>, done: string) => Promise<boolean>;

function AddPasskey({ add, change }: { add: (name: string) => Promise<TPasskeys>; change: Change }) {
  const [name, setName] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setFieldError("Give the passkey a name you will recognise.");
    setFieldError(null);
    setPending(true);
    if (await change(() => add(trimmed), `Added “${trimmed}”.`)) setName("");
    setPending(false);
  }
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Add a passkey"
      className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 shadow-sm"
    >
      <div className="min-w-0 flex-1">
        <Field
          id="passkey-name"
          label="Name of the new passkey"
          hint="Such as “YubiKey” or “Work laptop”."
          required
          error={fieldError}
        >
          <input
            id="passkey-name"
            value={name}
            maxLength={64}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy("passkey-name", { hint: true, error: fieldError })}
            className={inputClass}
          />
        </Field>
      </div>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Waiting for your passkey…" : "Add a passkey"}
      </button>
    </form>
  );
}

function PasskeyName({ passkey, change }: { passkey: TPasskey; change: Change }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(passkey.name);
  if (!editing) {
    return (
      <span className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{passkey.name}</span>
        <button
          type="button"
          className="text-sky-700 underline"
          onClick={() => setEditing(true)}
          aria-label={`Rename ${passkey.name}`}
        >
          Rename
        </button>
      </span>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      aria-label={`Rename ${passkey.name}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await change(
          () => adminClient().passkeys.rename.mutate({ passkeyId: passkey.id, name }),
          `Renamed to “${name.trim()}”.`,
        );
        if (ok) setEditing(false);
      }}
    >
      <label htmlFor={`rename-${passkey.id}`} className="sr-only">
        New name
      </label>
      <input
        id={`rename-${passkey.id}`}
        value={name}
        maxLength={64}
        onChange={(e) => setName(e.target.value)}
        className={`${inputClass} w-40`}
      />
      <button type="submit" className={secondaryButtonClass}>
        Save
      </button>
      <button type="button" className="text-sky-700 underline" onClick={() => setEditing(false)}>
        Cancel
      </button>
    </form>
  );
}

function RemovePasskey({ passkey, remove }: { passkey: TPasskey; remove: () => Promise<boolean> }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={() => setConfirming(true)}
        aria-label={`Remove ${passkey.name}`}
      >
        Remove
      </button>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={async () => {
          if (!(await remove())) setConfirming(false);
        }}
      >
        Yes, remove “{passkey.name}”
      </button>
      <button type="button" className="text-sky-700 underline" onClick={() => setConfirming(false)}>
        Keep it
      </button>
    </span>
  );
}

function PasskeySignInChoice({ data, change }: { data: TPasskeys; change: Change }) {
  const none = data.passkeys.length === 0;
  // Ticks at once and goes back if the server refuses: the box shows what the person asked for meanwhile.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const checked = wanted ?? data.signInWithPasskey;
  return (
    <div className="space-y-1 rounded-lg bg-white p-4 shadow-sm">
      <div className="flex items-start gap-2">
        <input
          id="passkey-sign-in"
          type="checkbox"
          className="mt-1"
          checked={checked}
          disabled={wanted !== null || (none && !checked)}
          aria-describedby="passkey-sign-in-hint"
          onChange={async (e) => {
            const enabled = e.target.checked;
            setWanted(enabled);
            await change(
              () => adminClient().passkeys.setSignIn.mutate({ enabled }),
              enabled
                ? "You can now sign in with a passkey alone."
                : "Signing in needs an emailed link again.",
            );
            setWanted(null);
          }}
        />
        <label htmlFor="passkey-sign-in" className="font-medium">
          Sign in with a passkey instead of an emailed link
        </label>
      </div>
      <p id="passkey-sign-in-hint" className="text-sm text-slate-600">
        {none
          ? "Add a passkey first."
          : "The passkey must ask for your PIN, fingerprint or face, so it stands for both factors. The emailed link keeps working."}
      </p>
    </div>
  );
}
