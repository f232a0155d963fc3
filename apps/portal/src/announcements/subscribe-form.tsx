"use client";

import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { useActionState } from "react";
import { EMAIL_MAX, type TSubscribeState } from "./form-state";

export interface SubscribeFormProps {
  action: (state: TSubscribeState, formData: FormData) => Promise<TSubscribeState>;
}

/**
 * The subscribe form: an address and whether to get the forthcoming-fix notices too. A plain form posted to a
 * server action, so it works without JavaScript. The answer is the same whether the address was subscribed or not.
 */
export function SubscribeForm({ action }: SubscribeFormProps) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  if (state.status === "sent") {
    return (
      <Alert title="Check your inbox" tone="info" focusKey="sent">
        <p>
          If <strong>{state.email}</strong> can receive our announcements, a message with a confirmation link
          is on its way. Open it and press the button on the page to start receiving them. Nothing is sent
          until you confirm.
        </p>
      </Alert>
    );
  }
  const error = state.status === "error" ? state : null;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {error ? (
        <Alert title="You are not subscribed yet" focusKey={error.attempt}>
          <p>{error.message}</p>
        </Alert>
      ) : null}
      <Field id="email" label="Your email address" error={error?.fieldError} required>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          maxLength={EMAIL_MAX}
          defaultValue={error?.values.email ?? ""}
          aria-required
          aria-invalid={error?.fieldError ? true : undefined}
          aria-describedby={describedBy("email", { hint: false, error: error?.fieldError ?? undefined })}
          className={inputClass}
        />
      </Field>
      <div className="flex items-start gap-2">
        <input
          id="forthcoming"
          name="forthcoming"
          type="checkbox"
          defaultChecked={error?.values.forthcoming ?? false}
          className="mt-1.5"
        />
        <label htmlFor="forthcoming">
          Also the forthcoming-fix notices
          <span className="block text-sm text-slate-600">
            A short notice a few days before a security release: the date and the affected versions, so you
            can plan the upgrade. Never the details of the vulnerability.
          </span>
        </label>
      </div>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Subscribing…" : "Subscribe"}
      </button>
    </form>
  );
}
