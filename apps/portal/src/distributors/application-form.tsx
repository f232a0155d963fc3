"use client";

import type { APPLICATION_LIMITS } from "@disclose/api";
import { EMBARGO_POLICY, MEMBERSHIP_CRITERIA } from "@disclose/domain";
import { Alert, buttonClass, describedBy, Field, FieldError, fieldIds, inputClass } from "@disclose/ui";
import { type ReactNode, useActionState } from "react";
import { ApplicationReceipt } from "./application-receipt";
import {
  controlIdOf,
  emptyValues,
  fieldLabel,
  type TApplicationFormState,
  type TEXT_FIELDS,
  type TFormValues,
} from "./form-state";

export interface ApplicationFormProps {
  action: (state: TApplicationFormState, formData: FormData) => Promise<TApplicationFormState>;
  limits: typeof APPLICATION_LIMITS;
}

type TTextField = (typeof TEXT_FIELDS)[number];

/**
 * The application to the private distributors list. A plain form posted to a server action: it works the same
 * without JavaScript. Every field is checked on the server; a refusal is shown beside its field and in a summary
 * that takes focus.
 */
export function ApplicationForm({ action, limits }: ApplicationFormProps) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" });
  if (state.status === "submitted") {
    return (
      <ApplicationReceipt
        trackingLink={state.trackingLink}
        organizationName={state.organizationName}
        linkEmailed={state.linkEmailed}
      />
    );
  }
  const error = state.status === "error" ? state : null;
  const values: TFormValues = error?.values ?? emptyValues();
  const errors = error?.fieldErrors ?? {};
  const errorOf = (field: string): string | undefined =>
    errors[field] ??
    (/^answers\.[a-z-]+\.answer$/.test(field) ? errors[field.replace(/\.answer$/, "")] : undefined);

  const text = (
    name: TTextField,
    label: ReactNode,
    opts: {
      hint?: ReactNode;
      required?: boolean;
      multiline?: boolean;
      rows?: number;
      type?: "text" | "email";
      autoComplete?: string;
      maxLength: number;
      mono?: boolean;
    },
  ) => {
    const err = errorOf(name);
    const common = {
      id: name,
      name,
      defaultValue: values[name],
      maxLength: opts.maxLength,
      "aria-invalid": err ? true : undefined,
      "aria-required": opts.required || undefined,
      "aria-describedby": describedBy(name, { hint: Boolean(opts.hint), error: err }),
      className: `${inputClass}${opts.mono ? " font-mono text-sm" : ""}`,
    } as const;
    return (
      <Field id={name} label={label} hint={opts.hint} error={err} required={opts.required}>
        {opts.multiline ? (
          <textarea {...common} rows={opts.rows ?? 4} spellCheck={opts.mono ? false : undefined} />
        ) : (
          <input {...common} type={opts.type ?? "text"} autoComplete={opts.autoComplete ?? "off"} />
        )}
      </Field>
    );
  };

  const checkbox = (
    name: "emailDelivery" | "embargoPolicyAccepted" | "emailTrackingLink",
    label: ReactNode,
  ) => {
    const err = errorOf(name);
    return (
      <div className="space-y-1">
        <label className="flex items-start gap-2">
          <input
            id={name}
            name={name}
            type="checkbox"
            defaultChecked={values[name]}
            aria-invalid={err ? true : undefined}
            aria-describedby={describedBy(name, { error: err })}
            className="mt-1 h-4 w-4 shrink-0"
          />
          <span>{label}</span>
        </label>
        <FieldError id={fieldIds(name).error} error={err} />
      </div>
    );
  };

  const downstreamError = errorOf("isDownstream");
  const embargoError = errorOf("embargoPolicyAccepted") ?? errorOf("embargoPolicyVersion");
  const errorEntries = Object.entries(errors);

  return (
    // Remounted after each refusal, so the fields show exactly what was sent (React resets a form after an action).
    <form
      key={error?.attempt ?? 0}
      action={formAction}
      noValidate
      className="space-y-10"
      aria-describedby={error ? "application-errors" : undefined}
    >
      {error ? (
        <div id="application-errors" className="wrap-anywhere">
          <Alert title={error.message} focusKey={error.attempt}>
            {errorEntries.length > 0 ? (
              <ul className="list-disc space-y-1 pl-5">
                {errorEntries.map(([field, message]) => (
                  <li key={field}>
                    <a className="underline" href={`#${controlIdOf(field)}`}>
                      {fieldLabel(field)}
                    </a>
                    : {message}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        </div>
      ) : null}

      <fieldset className="space-y-5">
        <legend className="mb-2 text-xl font-semibold">Your distribution</legend>
        {text("organizationName", "Organisation", {
          required: true,
          maxLength: limits.nameMaxChars,
          autoComplete: "organization",
        })}
        {text("distribution", "Distribution", {
          required: true,
          hint: "What you distribute and how, e.g. “Example Linux's coredns package”.",
          maxLength: limits.distributionMaxChars,
        })}
        {text("userBase", "User base", {
          required: true,
          hint: "Who uses your distribution and roughly how many, beyond your own organisation.",
          multiline: true,
          rows: 3,
          maxLength: limits.userBaseMaxChars,
        })}
        {text("trackRecord", "Security track record", {
          required: true,
          hint: `Links to your security advisories or fixes, one http(s) link per line (at most ${limits.trackRecordMaxLinks}).`,
          multiline: true,
          rows: 4,
          maxLength: limits.trackRecordMaxChars,
          mono: true,
        })}
        <fieldset
          className="space-y-2"
          aria-describedby={describedBy("isDownstream", { error: downstreamError })}
        >
          <legend className="font-medium">
            Is your distribution a downstream or rebuild of another distributor?
            <span className="ml-1 text-sm font-normal text-slate-500">(required)</span>
          </legend>
          <label className="flex items-center gap-2">
            <input
              id="isDownstream-no"
              type="radio"
              name="isDownstream"
              value="no"
              defaultChecked={values.isDownstream !== "yes"}
            />
            No, we build it ourselves
          </label>
          <label className="flex items-center gap-2">
            <input
              id="isDownstream-yes"
              type="radio"
              name="isDownstream"
              value="yes"
              defaultChecked={values.isDownstream === "yes"}
            />
            Yes
          </label>
          <FieldError id={fieldIds("isDownstream").error} error={downstreamError} />
        </fieldset>
        {text("downstreamOf", "If yes: of which distributor", {
          hint: "Leave empty if you answered no.",
          maxLength: limits.downstreamOfMaxChars,
        })}
        {text("contribution", "How you will contribute", {
          required: true,
          hint: "Members carry some water: review and test proposed patches and report back (even when you find nothing), help draft announcements and release notes.",
          multiline: true,
          rows: 4,
          maxLength: limits.contributionMaxChars,
        })}
      </fieldset>

      <fieldset className="space-y-6">
        <legend className="mb-2 text-xl font-semibold">The membership criteria</legend>
        <p className="text-slate-700">
          For each criterion, say how you meet it and what shows it (links, references). The Product Security
          Team reads every answer.
        </p>
        <ol className="space-y-6">
          {MEMBERSHIP_CRITERIA.map((criterion, index) => (
            <li key={criterion.id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
              <h3 className="font-semibold">
                {index + 1}. {criterion.text}
              </h3>
              {criterion.id === "accepts-embargo" ? (
                <div className="space-y-3">
                  <p className="text-sm text-slate-600">
                    The Embargo Policy (version {EMBARGO_POLICY.version}), in full:
                  </p>
                  <div
                    className="space-y-2 border-l-4 border-slate-300 pl-4 text-slate-800"
                    id="embargo-policy"
                  >
                    {EMBARGO_POLICY.paragraphs.map((p) => (
                      <p key={p}>{p}</p>
                    ))}
                  </div>
                  <input type="hidden" name="embargoPolicyVersion" value={EMBARGO_POLICY.version} />
                  {checkbox(
                    "embargoPolicyAccepted",
                    <>
                      On behalf of my organisation, I accept the Embargo Policy above.{" "}
                      <span className="text-sm text-slate-500">(required)</span>
                    </>,
                  )}
                  {embargoError && !errorOf("embargoPolicyAccepted") ? (
                    <FieldError id="embargoPolicyVersion-error" error={embargoError} />
                  ) : null}
                </div>
              ) : criterion.id === "vouched" ? (
                text("voucherEmail", "Email address of the list member who vouches for you", {
                  required: true,
                  type: "email",
                  hint: "Someone already on the list who knows you. They are asked to confirm; this page does not say whether an address belongs to a list member.",
                  maxLength: limits.emailMaxChars,
                })
              ) : (
                <>
                  {text(`answers.${criterion.id}.answer`, "How you meet it", {
                    required: true,
                    multiline: true,
                    rows: 3,
                    maxLength: limits.answerMaxChars,
                  })}
                  {text(`answers.${criterion.id}.evidence`, "Evidence", {
                    required: true,
                    hint: "Links or references that show it.",
                    multiline: true,
                    rows: 2,
                    maxLength: limits.evidenceMaxChars,
                  })}
                </>
              )}
            </li>
          ))}
        </ol>
      </fieldset>

      <fieldset className="space-y-5">
        <legend className="mb-2 text-xl font-semibold">Receiving embargoed material</legend>
        {text("securityContact", "Security contact", {
          required: true,
          type: "email",
          hint: "A monitored address of your security team: notices of embargoed issues go there.",
          maxLength: limits.emailMaxChars,
        })}
        {text("teamKey", "Team OpenPGP public key", {
          required: true,
          hint: "Your security team's public key, armored (-----BEGIN PGP PUBLIC KEY BLOCK-----). Embargoed material is encrypted to it. Never paste a private key.",
          multiline: true,
          rows: 8,
          maxLength: limits.teamKeyMaxChars,
          mono: true,
        })}
        {checkbox(
          "emailDelivery",
          "Also send copies of embargoed material to the security contact by email, encrypted to the team key.",
        )}
      </fieldset>

      <fieldset className="space-y-5">
        <legend className="mb-2 text-xl font-semibold">About you</legend>
        {text("applicantName", "Your name", {
          required: true,
          maxLength: limits.nameMaxChars,
          autoComplete: "name",
        })}
        {text("applicantEmail", "Your email address", {
          required: true,
          type: "email",
          hint: "We email you a receipt; the team writes to you here if it has questions.",
          maxLength: limits.emailMaxChars,
          autoComplete: "email",
        })}
        {checkbox(
          "emailTrackingLink",
          "Also email me the tracking link. Email is not encrypted: anyone who can read that mailbox can follow the application.",
        )}
      </fieldset>

      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Sending…" : "Send the application"}
        </button>
        <p className="text-sm text-slate-600">You get a private tracking link to follow it.</p>
      </div>
    </form>
  );
}
