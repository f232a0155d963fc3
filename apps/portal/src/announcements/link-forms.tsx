"use client";

import { Alert, buttonClass } from "@disclose/ui";
import { useActionState } from "react";
import type { TLinkState } from "./form-state";

type TAction = (state: TLinkState, formData: FormData) => Promise<TLinkState>;

/** The confirmation page's form: a button, never a link that confirms by being opened (mail scanners open links). */
export function ConfirmForm({
  action,
  token,
  forthcoming,
}: {
  action: TAction;
  token: string;
  forthcoming: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  if (state.status === "done") {
    return (
      <Alert title="You are subscribed" tone="info" focusKey="done">
        <p>
          You will receive our security announcements
          {state.forthcoming ? " and the notices of forthcoming security fixes" : ""}. Every message has a
          link to unsubscribe.
        </p>
      </Alert>
    );
  }
  return (
    <form action={formAction} className="space-y-4">
      {state.status === "error" ? (
        <Alert title="Your subscription is not confirmed" focusKey={state.attempt}>
          <p>{state.message}</p>
          <p className="mt-2">
            <a href="/announcements" className="underline">
              Subscribe again
            </a>
          </p>
        </Alert>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <div className="flex items-start gap-2">
        <input
          id="forthcoming"
          name="forthcoming"
          type="checkbox"
          defaultChecked={forthcoming}
          className="mt-1.5"
        />
        <label htmlFor="forthcoming">Also the forthcoming-fix notices</label>
      </div>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Confirming…" : "Confirm my subscription"}
      </button>
    </form>
  );
}

/** The unsubscribe page's form: one button; following the link alone unsubscribes no one. */
export function UnsubscribeForm({ action, s, t }: { action: TAction; s: string; t: string }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  if (state.status === "done") {
    return (
      <Alert title="You are unsubscribed" tone="info" focusKey="done">
        <p>
          You will receive no more security announcements. Changed your mind?{" "}
          <a href="/announcements" className="underline">
            Subscribe again
          </a>
          .
        </p>
      </Alert>
    );
  }
  return (
    <form action={formAction} className="space-y-4">
      {state.status === "error" ? (
        <Alert title="You are not unsubscribed" focusKey={state.attempt}>
          <p>{state.message}</p>
        </Alert>
      ) : null}
      <input type="hidden" name="s" value={s} />
      <input type="hidden" name="t" value={t} />
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Unsubscribing…" : "Unsubscribe"}
      </button>
    </form>
  );
}
