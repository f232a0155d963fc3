"use client";

import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { refusalOf } from "~/cases/workspace/sealed";
import { adminClient } from "~/trpc/client";

const FIELDS = ["what", "toWhom", "leakedAt", "prevention", "organizationId"] as const;
type TField = (typeof FIELDS)[number];

/**
 * Reporting an embargo break: what leaked, to whom, when, and how it will be prevented. Stored as written (not
 * encrypted), so the form says not to paste vulnerability details. A distributor reports for their own
 * organisation; the case's team may name a notified organisation, or none.
 */
export function ReportLeakForm({
  reportId,
  organizations,
  onReported,
}: {
  reportId: string;
  /** The team's form: the organisations notified of the case; omitted for a distributor (their own is used). */
  organizations?: readonly { id: string; name: string }[];
  onReported?: () => void;
}) {
  const [values, setValues] = useState({
    what: "",
    toWhom: "",
    leakedAt: "",
    prevention: "",
    organizationId: "",
  });
  const [selfReported, setSelfReported] = useState(organizations === undefined);
  const [errors, setErrors] = useState<Partial<Record<TField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const set = (field: TField) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setAttempt((n) => n + 1);
    const found: Partial<Record<TField, string>> = {};
    if (!values.what.trim()) found.what = "Say exactly what leaked.";
    if (!values.toWhom.trim()) found.toWhom = "Say to whom it leaked.";
    const leakedAt = values.leakedAt ? new Date(values.leakedAt) : null;
    if (!leakedAt || Number.isNaN(leakedAt.getTime())) found.leakedAt = "Say when it leaked.";
    if (!values.prevention.trim()) found.prevention = "Say how it will be prevented from happening again.";
    setErrors(found);
    setFormError(null);
    setDone(null);
    if (Object.keys(found).length > 0 || !leakedAt) return;
    setPending(true);
    try {
      await adminClient().distributorLeaks.report.mutate({
        reportId,
        what: values.what,
        toWhom: values.toWhom,
        leakedAt,
        prevention: values.prevention,
        selfReported,
        organizationId: values.organizationId || null,
      });
      setValues({ what: "", toWhom: "", leakedAt: "", prevention: "", organizationId: "" });
      setDone("The leak was reported to the PST. Thank you for telling.");
      onReported?.();
    } catch (e) {
      const refusal = refusalOf(e);
      if (refusal.field && (FIELDS as readonly string[]).includes(refusal.field)) {
        setErrors({ [refusal.field]: refusal.message });
      } else setFormError(refusal.message);
    } finally {
      setPending(false);
    }
  }

  const text = (field: "what" | "toWhom" | "prevention", label: string, hint: string, rows: number) => (
    <Field id={`leak-${field}`} label={label} hint={hint} required error={errors[field]}>
      <textarea
        id={`leak-${field}`}
        rows={rows}
        className={inputClass}
        value={values[field]}
        onChange={set(field)}
        readOnly={pending}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(`leak-${field}`, { hint: true, error: errors[field] })}
      />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate aria-busy={pending || undefined} className="space-y-4">
      <Alert title="Do not paste vulnerability details here" tone="info">
        This report is stored as you write it, not encrypted. Describe what leaked (“the patch for case
        3f2a9c1b”, “the advisory draft”), never the vulnerability itself, code or exploit details.
      </Alert>
      {formError ? (
        <Alert title="The leak was not reported" focusKey={attempt}>
          {formError}
        </Alert>
      ) : null}
      {text("what", "What leaked", "Exactly which material, without its content.", 3)}
      {text("toWhom", "To whom", "Who received it: a person, a list, a public site.", 2)}
      <Field id="leak-leakedAt" label="When (your local time)" required error={errors.leakedAt}>
        <input
          id="leak-leakedAt"
          type="datetime-local"
          className={inputClass}
          value={values.leakedAt}
          onChange={set("leakedAt")}
          readOnly={pending}
          aria-invalid={errors.leakedAt ? true : undefined}
          aria-describedby={describedBy("leak-leakedAt", { error: errors.leakedAt })}
        />
      </Field>
      {text("prevention", "How it will be prevented", "What changes so that it does not happen again.", 3)}
      {organizations ? (
        <Field
          id="leak-organizationId"
          label="Organisation whose member leaked"
          hint="Leave “Not known” when it is not known."
          error={errors.organizationId}
        >
          <select
            id="leak-organizationId"
            className={inputClass}
            value={values.organizationId}
            onChange={set("organizationId")}
            aria-invalid={errors.organizationId ? true : undefined}
            aria-describedby={describedBy("leak-organizationId", {
              hint: true,
              error: errors.organizationId,
            })}
          >
            <option value="">Not known</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={selfReported} onChange={(e) => setSelfReported(e.target.checked)} />
        The leaking organisation told the security team itself
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Reporting…" : "Report the leak"}
        </button>
        <span role="status" className="text-sm text-slate-700">
          {done}
        </span>
      </div>
    </form>
  );
}
