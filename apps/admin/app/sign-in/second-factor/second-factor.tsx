"use client";

import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { signOut } from "next-auth/react";
import QRCode from "qrcode";
import { type FormEvent, useEffect, useState } from "react";
import { answerWithPasskey } from "~/auth/passkey-client";
import { RecoveryRequest } from "~/recovery/recovery-request";
import { adminClient, errorMessage } from "~/trpc/client";

type Step =
  | { kind: "loading" }
  | { kind: "enrol"; secretBase32: string; qrDataUrl: string }
  | { kind: "verify"; hasPasskey: boolean }
  | { kind: "recovery-codes"; codes: string[] };

/** Enrols an authenticator on first sign-in, then asks for its code (or a recovery code) on every sign-in. */
export function SecondFactor({ email }: { email: string }) {
  const [step, setStep] = useState<Step>({ kind: "loading" });
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      try {
        const status = await adminClient().auth.status.query();
        if (status.hasAuthenticator) return setStep({ kind: "verify", hasPasskey: status.hasPasskey });
        const { secretBase32, uri } = await adminClient().auth.startTotpEnrollment.mutate();
        setStep({
          kind: "enrol",
          secretBase32,
          qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }),
        });
      } catch (error) {
        setLoadError(errorMessage(error));
      }
    })();
  }, []);

  const done = () => window.location.assign("/");
  const leave = (
    <p className="text-sm">
      Not you, or no authenticator at hand?{" "}
      <button
        type="button"
        className="text-sky-700 underline"
        onClick={() => signOut({ callbackUrl: "/sign-in" })}
      >
        Sign out
      </button>
    </p>
  );

  if (loadError) {
    return (
      <div className="space-y-4">
        <Alert title="This page could not load">{loadError}</Alert>
        {leave}
      </div>
    );
  }
  switch (step.kind) {
    case "loading":
      return <p aria-live="polite">Loading…</p>;
    case "enrol":
      return (
        <div className="space-y-4">
          <p className="text-slate-700">
            Every Disclose account needs a second factor. Scan this code with an authenticator app (for
            example Aegis, Google Authenticator, 1Password or KeePassXC), then enter the 6-digit code it
            shows.
          </p>
          <div className="flex flex-wrap items-start gap-4 rounded-lg bg-white p-4 shadow-sm">
            {/* biome-ignore lint/performance/noImgElement: a data URL, nothing for next/image to optimise. */}
            <img
              src={step.qrDataUrl}
              width={220}
              height={220}
              alt="QR code to add this account to an authenticator app"
            />
            <div className="min-w-0 space-y-1 text-sm">
              <p className="font-medium">Cannot scan? Enter this key by hand:</p>
              <code data-testid="totp-secret" className="block break-all rounded bg-slate-100 p-2 text-base">
                {step.secretBase32.replace(/(.{4})/g, "$1 ").trim()}
              </code>
              <p className="text-slate-600">Account: {email} · time-based · 6 digits · 30 seconds</p>
            </div>
          </div>
          <CodeForm
            label="Code from your authenticator app"
            hint="6 digits."
            submitLabel="Confirm and continue"
            send={async (code) => {
              const { recoveryCodes } = await adminClient().auth.confirmTotpEnrollment.mutate({ code });
              setStep({ kind: "recovery-codes", codes: recoveryCodes });
            }}
          />
          <RecoveryRequest onlyAfterEarlierRequest />
          {leave}
        </div>
      );
    case "recovery-codes":
      return <RecoveryCodes codes={step.codes} onDone={done} />;
    case "verify":
      return (
        <div className="space-y-4">
          {step.hasPasskey ? <PasskeyStep onPassed={done} /> : null}
          <p className="text-slate-700">
            {step.hasPasskey ? "Or enter" : "Enter"} the code your authenticator app shows for {email}.
          </p>
          <CodeForm
            label="Code"
            hint="6 digits from your authenticator app, or one of your recovery codes (xxxxx-xxxxx)."
            submitLabel="Continue"
            send={async (code) => {
              await adminClient().auth.verifySecondFactor.mutate({ code });
              done();
            }}
          />
          <RecoveryRequest />
          {leave}
        </div>
      );
  }
}

/** The second factor with one of the account's passkeys: one button, the browser's prompt does the rest. */
function PasskeyStep({ onPassed }: { onPassed: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function go() {
    setPending(true);
    setError(null);
    try {
      const options = await adminClient().auth.passkeyOptions.mutate();
      const response = await answerWithPasskey(options);
      await adminClient().auth.verifyPasskey.mutate({ response });
      onPassed();
    } catch (e) {
      setError(errorMessage(e));
      setPending(false);
    }
  }
  return (
    <div className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      {error ? <Alert title="The passkey did not work">{error}</Alert> : null}
      <button type="button" className={buttonClass} disabled={pending} onClick={go}>
        {pending ? "Waiting for your passkey…" : "Use a passkey"}
      </button>
    </div>
  );
}

function CodeForm({
  label,
  hint,
  submitLabel,
  send,
}: {
  label: string;
  hint: string;
  submitLabel: string;
  send: (code: string) => Promise<void>;
}) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!code.trim()) return setError("Enter the code.");
    setPending(true);
    setError(null);
    try {
      await send(code.trim());
    } catch (e) {
      setError(errorMessage(e));
      setCode("");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <Field id="code" label={label} hint={hint} required error={error}>
        <input
          id="code"
          name="code"
          autoComplete="one-time-code"
          inputMode="text"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("code", { hint: true, error })}
          className={`${inputClass} font-mono tracking-widest`}
        />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Checking…" : submitLabel}
      </button>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  return (
    <section aria-labelledby="recovery-heading" className="space-y-4">
      <h2 id="recovery-heading" className="text-xl font-semibold">
        Save your recovery codes
      </h2>
      <p className="text-slate-700">
        If you lose your authenticator, each of these codes lets you in once.{" "}
        <strong>They are shown only now.</strong> Keep them in a password manager.
      </p>
      <ul
        data-testid="recovery-codes"
        className="grid grid-cols-2 gap-2 rounded-lg bg-white p-4 font-mono shadow-sm"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={async () => {
          await navigator.clipboard.writeText(codes.join("\n")).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? "Copied" : "Copy the codes"}
      </button>
      <div className="flex items-center gap-2">
        <input id="saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        <label htmlFor="saved">I have saved my recovery codes</label>
      </div>
      <button type="button" className={buttonClass} disabled={!saved} onClick={onDone}>
        Continue to Disclose
      </button>
    </section>
  );
}
