"use client";

import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useEffect, useState } from "react";
import { answerWithPasskey, browserSupportsWebAuthn } from "~/auth/passkey-client";
import { adminClient, errorMessage } from "~/trpc/client";

export function SignInForm({ initialError }: { initialError: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(initialError);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      setFieldError("Enter an email address such as name@example.org.");
      setAttempt((n) => n + 1);
      return;
    }
    setFieldError(null);
    setError(null);
    setPending(true);
    try {
      const result = await signIn("email", { email: address, redirect: false, callbackUrl: "/" });
      if (result?.ok) {
        router.push("/sign-in/check-email");
        return;
      }
      setError("The sign-in link could not be sent. Please try again in a minute.");
    } catch {
      setError("Disclose could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
      setAttempt((n) => n + 1);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} noValidate className="space-y-4 rounded-lg bg-white p-6 shadow-sm">
        {error ? (
          <Alert title="Could not sign in" focusKey={attempt}>
            {error}
          </Alert>
        ) : null}
        <Field id="email" label="Email address" required error={fieldError}>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy("email", { error: fieldError })}
            className={inputClass}
          />
        </Field>
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Sending…" : "Email me a sign-in link"}
        </button>
      </form>
      <PasskeySignIn />
    </div>
  );
}

/**
 * Signing in with a passkey alone, for people who switched it on on their account page. Shown only where the
 * browser can use passkeys; the passkey's own prompt picks the account.
 */
function PasskeySignIn() {
  const [supported, setSupported] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  useEffect(() => setSupported(browserSupportsWebAuthn()), []);
  if (!supported) return null;

  async function go() {
    setPending(true);
    setError(null);
    try {
      const options = await adminClient().auth.passkeySignInOptions.mutate();
      const response = await answerWithPasskey(options);
      await adminClient().auth.signInWithPasskey.mutate({ response });
      window.location.assign("/");
    } catch (e) {
      setError(errorMessage(e));
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="passkey-heading" className="space-y-2 rounded-lg bg-white p-6 shadow-sm">
      <h2 id="passkey-heading" className="font-semibold">
        Or sign in with a passkey
      </h2>
      <p className="text-sm text-slate-600">
        For accounts that switched this on in their account settings. Your passkey asks for your PIN,
        fingerprint or face.
      </p>
      {error ? <Alert title="Could not sign in with a passkey">{error}</Alert> : null}
      <button type="button" className={secondaryButtonClass} disabled={pending} onClick={go}>
        {pending ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </button>
    </section>
  );
}
