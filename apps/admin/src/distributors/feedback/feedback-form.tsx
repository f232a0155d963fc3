"use client";

import type { AdminRouter } from "@disclose/api";
import { Alert, buttonClass, describedBy, Field, inputClass, LocalTime } from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { loadCrypto, refusalOf, STALE } from "~/cases/workspace/sealed";
import { adminClient } from "~/trpc/client";

type Outputs = inferRouterOutputs<AdminRouter>["distributorFeedback"];
type TRecipients = Outputs["recipients"];
type TEntries = Outputs["listForOrganization"]["entries"];

export const STATUS_LABELS = {
  affected: "Affected",
  "not-affected": "Not affected",
  unknown: "Don't know yet",
} as const;
export const RESULT_LABELS = {
  "tested-fine": "Tested fine (nothing found)",
  "issues-found": "Issues found",
  "not-tested": "Not tested",
} as const;
type TStatus = keyof typeof STATUS_LABELS;
type TResult = keyof typeof RESULT_LABELS;

/**
 * A notified distributor's feedback on a case: affected or not, what review and tests found ("nothing found"
 * counts, the policy asks for it too), per case or per version received, with details encrypted in this browser
 * to the case's team only. Below, what the organisation already reported.
 */
export function FeedbackForm({ reportId }: { reportId: string }) {
  const [recipients, setRecipients] = useState<TRecipients | null>(null);
  const [entries, setEntries] = useState<TEntries>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<TStatus | "">("");
  const [result, setResult] = useState<TResult | "">("");
  const [version, setVersion] = useState("");
  const [details, setDetails] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const load = useCallback(async () => {
    try {
      const [r, e] = await Promise.all([
        adminClient().distributorFeedback.recipients.query({ reportId }),
        adminClient().distributorFeedback.listForOrganization.query({ reportId }),
      ]);
      setRecipients(r);
      setEntries(e.entries);
      setLoadError(null);
      return r;
    } catch (error) {
      setLoadError(refusalOf(error).message);
      return null;
    }
  }, [reportId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || !recipients) return;
    setAttempt((n) => n + 1);
    const found: Record<string, string> = {};
    if (!status) found.status = "Say whether your package is affected.";
    if (!result) found.result = "Say what your tests found (choose “Not tested” if you did not test).";
    setErrors(found);
    setFormError(null);
    setDone(null);
    if (Object.keys(found).length > 0 || !status || !result) return;
    setPending(true);
    const send = async (to: TRecipients) => {
      const crypto = await loadCrypto();
      const sealed = details.trim()
        ? await crypto.encryptText(
            details,
            to.keys.map((k) => k.armoredPublicKey),
          )
        : null;
      await adminClient().distributorFeedback.submit.mutate({
        reportId,
        status,
        result,
        patchVersionId: version || null,
        details: sealed,
      });
    };
    try {
      try {
        await send(recipients);
      } catch (e) {
        // The team changed (someone joined or changed keys): encrypt once more to the team of now.
        if (!STALE.test(refusalOf(e).message)) throw e;
        const fresh = await load();
        if (!fresh) throw e;
        await send(fresh);
      }
      setStatus("");
      setResult("");
      setVersion("");
      setDetails("");
      setDone("Thank you: your feedback was sent to the case's team.");
      await load();
    } catch (e) {
      const refusal = refusalOf(e);
      if (refusal.field) setErrors({ [refusal.field]: refusal.message });
      else setFormError(refusal.message);
    } finally {
      setPending(false);
    }
  }

  if (loadError) return <Alert title="This case could not be loaded">{loadError}</Alert>;
  if (!recipients) {
    return (
      <p role="status" className="text-slate-600">
        Loading…
      </p>
    );
  }
  const noKeys = recipients.keys.length === 0;
  return (
    <div className="space-y-6">
      {recipients.mayWrite ? (
        <form
          onSubmit={submit}
          noValidate
          aria-busy={pending || undefined}
          className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
        >
          <h2 className="text-lg font-semibold">Report back</h2>
          {formError ? (
            <Alert title="Your feedback was not sent" focusKey={attempt}>
              {formError}
            </Alert>
          ) : null}
          <RadioGroup
            id="feedback-status"
            legend="Is your package affected?"
            options={STATUS_LABELS}
            value={status}
            onChange={(v) => setStatus(v as TStatus)}
            error={errors.status}
          />
          <RadioGroup
            id="feedback-result"
            legend="What did your review and tests find?"
            hint="Please report even when you found nothing: “tested fine” helps the team as much as an issue."
            options={RESULT_LABELS}
            value={result}
            onChange={(v) => setResult(v as TResult)}
            error={errors.result}
          />
          {recipients.patchVersions.length > 0 ? (
            <Field id="feedback-version" label="About which patch" error={errors.patchVersionId}>
              <select
                id="feedback-version"
                className={inputClass}
                value={version}
                onChange={(e) => setVersion(e.target.value)}
                aria-invalid={errors.patchVersionId ? true : undefined}
                aria-describedby={describedBy("feedback-version", { error: errors.patchVersionId })}
              >
                <option value="">The case as a whole</option>
                {recipients.patchVersions.map((p) => (
                  <option key={p.id} value={p.id}>
                    Version {p.version} ({p.fileName})
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          {noKeys ? (
            <p className="text-sm text-slate-600">
              The case's team has no encryption key yet, so details cannot be sent securely now; send the
              status and result, and details later.
            </p>
          ) : (
            <Field
              id="feedback-details"
              label="Details"
              hint="What you found, how you tested, logs. Encrypted in this browser to the case's team only: neither the server nor other organisations can read it."
              error={errors.details}
            >
              <textarea
                id="feedback-details"
                rows={6}
                className={inputClass}
                value={details}
                onChange={(e) => setDetails(e.target.value)}
                readOnly={pending}
                aria-invalid={errors.details ? true : undefined}
                aria-describedby={describedBy("feedback-details", { hint: true, error: errors.details })}
              />
            </Field>
          )}
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className={buttonClass} disabled={pending}>
              {pending ? "Sending…" : "Send feedback"}
            </button>
            <span role="status" className="text-sm text-slate-700">
              {done}
            </span>
          </div>
        </form>
      ) : (
        <p className="text-slate-700">{recipients.writeRefusal}</p>
      )}
      <section className="space-y-2" aria-labelledby="feedback-sent">
        <h2 id="feedback-sent" className="text-lg font-semibold">
          What {recipients.organizationName} reported
        </h2>
        {entries.length === 0 ? (
          <p className="text-slate-600">Nothing yet.</p>
        ) : (
          <ul className="space-y-2">
            {entries.map((e) => (
              <li key={e.id} className="rounded-md bg-white p-3 shadow-sm">
                <p>
                  <span className="font-medium">{STATUS_LABELS[e.status]}</span> · {RESULT_LABELS[e.result]}
                  {e.patchVersion !== null ? ` · version ${e.patchVersion}` : ""}
                </p>
                <p className="text-sm text-slate-600">
                  {e.authorName ?? "A former member"} · <LocalTime at={e.createdAt} />
                  {e.hasDetails ? " · details sent encrypted to the team" : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function RadioGroup({
  id,
  legend,
  hint,
  options,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  hint?: string;
  options: Readonly<Record<string, string>>;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <fieldset className="space-y-1" aria-describedby={describedBy(id, { hint: Boolean(hint), error })}>
      <legend className="font-medium">
        {legend} <span className="text-sm font-normal text-slate-500">(required)</span>
      </legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {Object.entries(options).map(([key, label]) => (
        <label key={key} className="flex items-center gap-2">
          <input
            type="radio"
            name={id}
            value={key}
            checked={value === key}
            onChange={() => onChange(key)}
            aria-invalid={error ? true : undefined}
          />
          {label}
        </label>
      ))}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
