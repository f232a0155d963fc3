"use client";

import { buttonClass, describedBy, Field, inputClass, secondaryButtonClass, useHydrated } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";

type Step = { kind: "idle" } | { kind: "asking" } | { kind: "codes"; codes: string[] };

/**
 * "Make new recovery codes": asks for a current code from the authenticator app, then shows the new codes once,
 * with a copy button, until the person says they saved them. The old codes stop working at once.
 */
export function NewRecoveryCodes() {
  const router = useRouter();
  const hydrated = useHydrated();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const opener = useRef<HTMLButtonElement>(null);

  function close() {
    setStep({ kind: "idle" });
    router.refresh();
    requestAnimationFrame(() => opener.current?.focus());
  }

  switch (step.kind) {
    case "idle":
      return (
        <button
          type="button"
          ref={opener}
          className={secondaryButtonClass}
          disabled={!hydrated}
          onClick={() => setStep({ kind: "asking" })}
        >
          Make new recovery codes
        </button>
      );
    case "asking":
      return <CodeForm onCancel={close} onCodes={(codes) => setStep({ kind: "codes", codes })} />;
    case "codes":
      return <ShowCodesOnce codes={step.codes} onSaved={close} />;
  }
}

function CodeForm({ onCancel, onCodes }: { onCancel: () => void; onCodes: (codes: string[]) => void }) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // On opening, and after each refusal: the field and its error are read out together.
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the trigger on purpose.
  useEffect(() => input.current?.focus(), [attempt]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = code.replaceAll(/\s/g, "");
    if (!/^\d{6}$/.test(typed)) {
      setError("Enter the 6 digits your authenticator app shows.");
      setAttempt((n) => n + 1);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { recoveryCodes } = await adminClient().account.newRecoveryCodes.mutate({ code: typed });
      onCodes(recoveryCodes);
    } catch (e) {
      setError(problemOf(e).message);
      setAttempt((n) => n + 1);
      setCode("");
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Make new recovery codes"
      className="space-y-3 rounded-md border border-slate-300 bg-slate-50 p-3"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !pending) onCancel();
      }}
    >
      <p className="text-sm text-slate-700">
        Your current recovery codes stop working as soon as the new ones are made, used or not.
      </p>
      <Field
        id="new-codes-totp"
        label="Code from your authenticator app"
        hint="6 digits. A recovery code does not work here."
        required
        error={error}
      >
        <input
          ref={input}
          id="new-codes-totp"
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
          maxLength={32}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("new-codes-totp", { hint: true, error })}
          className={`${inputClass} max-w-48 font-mono tracking-widest`}
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Checking…" : "Make new codes"}
        </button>
        <button type="button" className={secondaryButtonClass} disabled={pending} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ShowCodesOnce({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      aria-labelledby="new-codes-heading"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3"
    >
      <h3 id="new-codes-heading" ref={heading} tabIndex={-1} className="font-semibold">
        Your new recovery codes
      </h3>
      <p className="text-sm text-slate-800">
        Each code lets you in once if you lose your authenticator. <strong>They are shown only now.</strong>{" "}
        Keep them in a password manager; your old codes no longer work.
      </p>
      <ul
        data-testid="new-recovery-codes"
        className="grid grid-cols-2 gap-2 rounded-md bg-white p-3 font-mono shadow-sm"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() =>
            navigator.clipboard.writeText(codes.join("\n")).then(
              () => setCopied("yes"),
              () => setCopied("failed"),
            )
          }
        >
          Copy the codes
        </button>
        <button type="button" className={buttonClass} onClick={onSaved}>
          I have saved them
        </button>
      </div>
      <p role="status" className="text-sm text-slate-700">
        {copied === "yes"
          ? "Copied."
          : copied === "failed"
            ? "This browser did not allow copying: select the codes and copy them."
            : ""}
      </p>
    </section>
  );
}
