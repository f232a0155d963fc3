"use client";

import { Alert, buttonClass, describedBy, Field, FieldError, fieldIds, inputClass } from "@disclose/ui";
import { CvssCalculator } from "@disclose/ui/cvss";
import { type FormEvent, useActionState, useEffect, useRef, useState } from "react";
import { formatBytes } from "~/lib/format";
import {
  EMPTY_VALUES,
  FIELD_LABELS,
  type TReceipt,
  type TReportField,
  type TReportFormState,
  valuesFromFormData,
} from "./form-state";
import { Receipt } from "./receipt";
import { sendEncryptedReport, type TPhase, type TSendLimits } from "./send-encrypted";

export interface ReportLimits extends TSendLimits {
  titleMaxChars: number;
  textMaxChars: number;
}

export interface ReportFormProps {
  action: (state: TReportFormState, formData: FormData) => Promise<TReportFormState>;
  limits: ReportLimits;
}

const PHASE_TEXT: Record<TPhase, string> = {
  checking: "Checking your report…",
  encrypting: "Encrypting in your browser…",
  sending: "Sending the encrypted report…",
};

type ClientError = Extract<TReportFormState, { status: "error" }>;

/**
 * One form, two paths. Without JavaScript it posts to a server action that encrypts on receipt. Once hydrated,
 * submitting is intercepted: the report is encrypted here and only ciphertext leaves the page.
 */
export function ReportForm({ action, limits }: ReportFormProps) {
  const [serverState, formAction, serverPending] = useActionState(action, { status: "idle" });
  const [clientError, setClientError] = useState<ClientError | null>(null);
  const [clientReceipt, setClientReceipt] = useState<TReceipt | null>(null);
  const [phase, setPhase] = useState<TPhase | null>(null);
  const [hydrated, setHydrated] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const attempts = useRef(0);
  useEffect(() => setHydrated(true), []);

  const receipt = clientReceipt ?? (serverState.status === "submitted" ? serverState.receipt : null);
  if (receipt) {
    return (
      <Receipt
        receipt={receipt}
        emailAction={formAction}
        emailState={serverState.status === "submitted" ? serverState.email : undefined}
        emailPending={serverPending}
      />
    );
  }

  const error = clientError ?? (serverState.status === "error" ? serverState : null);
  const values = serverState.status === "error" ? serverState.values : EMPTY_VALUES;
  const fieldErrors: Partial<Record<TReportField, string>> = error?.fieldErrors ?? {};
  const busy = phase !== null || serverPending;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const formData = new FormData(form);
    const formValues = valuesFromFormData(formData);
    const chosen = formValues.mode === "armored" ? [] : files;
    try {
      const result = await sendEncryptedReport({
        values: formValues,
        files: chosen,
        honeypot: String(formData.get("website") ?? ""),
        limits,
        onPhase: setPhase,
      });
      if (result.ok) {
        setClientReceipt(result.receipt);
      } else {
        attempts.current += 1;
        setClientError({
          status: "error",
          message: result.message,
          fieldErrors: result.fieldErrors,
          values: formValues,
          filesDropped: false,
          attempt: attempts.current,
        });
      }
    } catch (cause) {
      console.error(cause);
      attempts.current += 1;
      setClientError({
        status: "error",
        message:
          "Something went wrong while encrypting your report in this browser. Nothing was sent; everything you typed is still here. Please try again.",
        fieldErrors: {},
        values: formValues,
        filesDropped: false,
        attempt: attempts.current,
      });
    } finally {
      setPhase(null);
    }
  }

  const text = (
    name: TReportField & keyof typeof values,
    label: string,
    opts: {
      hint?: string;
      required?: boolean;
      multiline?: boolean;
      rows?: number;
      type?: string;
      autoComplete?: string;
    },
  ) => {
    const err = fieldErrors[name];
    const common = {
      id: name,
      name,
      defaultValue: values[name],
      "aria-invalid": err ? true : undefined,
      "aria-required": opts.required || undefined,
      "aria-describedby": describedBy(name, { hint: Boolean(opts.hint), error: err }),
      className: inputClass,
    } as const;
    return (
      <Field id={name} label={label} hint={opts.hint} error={err} required={opts.required}>
        {opts.multiline ? (
          <textarea {...common} rows={opts.rows ?? 6} />
        ) : (
          <input {...common} type={opts.type ?? "text"} autoComplete={opts.autoComplete ?? "off"} />
        )}
      </Field>
    );
  };

  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const tooMany = files.length > limits.attachmentsMaxCount;
  const tooBig = totalBytes > limits.attachmentsMaxTotalBytes;
  const maxMb = limits.attachmentsMaxTotalBytes / 1024 / 1024;
  const attachmentError =
    fieldErrors.attachment ??
    (tooMany
      ? `Attach at most ${limits.attachmentsMaxCount} files.`
      : tooBig
        ? `These files are ${formatBytes(totalBytes)}; the limit is ${maxMb} MB in total.`
        : null);
  const errorEntries = Object.entries(fieldErrors) as [TReportField, string][];

  return (
    <form
      action={formAction}
      onSubmit={hydrated ? onSubmit : undefined}
      noValidate
      className="group space-y-8"
      aria-describedby={error ? "report-errors" : undefined}
    >
      {error ? (
        // Messages may quote what was typed (a CVSS vector, a link): long words wrap instead of widening the page.
        <div id="report-errors" className="wrap-anywhere">
          <Alert title={error.message} focusKey={error.attempt}>
            {errorEntries.length > 0 ? (
              <ul className="list-disc space-y-1 pl-5">
                {errorEntries.map(([field, message]) => (
                  <li key={field}>
                    <a className="underline" href={`#${field === "creditMode" ? "creditMode-named" : field}`}>
                      {FIELD_LABELS[field]}
                    </a>
                    : {message}
                  </li>
                ))}
              </ul>
            ) : null}
            {error.filesDropped ? (
              <p className="mt-2">
                Everything you typed is kept below, but files cannot be kept: please choose your attachments
                again.
              </p>
            ) : null}
          </Alert>
        </div>
      ) : null}

      {/* A field people cannot see and bots fill in. */}
      <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
        <label htmlFor="website">Website (leave empty)</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <fieldset className="space-y-2">
        <legend className="text-lg font-semibold">How do you want to send it?</legend>
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name="mode"
            value="form"
            id="mode-form"
            className="mt-1.5"
            defaultChecked={values.mode !== "armored"}
          />
          <span>
            Fill in the form below.{" "}
            <span className="text-slate-600">It is encrypted before it is stored.</span>
          </span>
        </label>
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name="mode"
            value="armored"
            id="mode-armored"
            className="mt-1.5"
            defaultChecked={values.mode === "armored"}
          />
          <span>
            Paste a PGP message I encrypted myself{" "}
            <span className="text-slate-600">
              to the{" "}
              <a className="underline" href="/pgp-keys.asc">
                team&apos;s keys
              </a>
              ; it is stored exactly as you send it.
            </span>
          </span>
        </label>
      </fieldset>

      <section
        aria-labelledby="armored-heading"
        className="hidden space-y-4 group-has-[#mode-armored:checked]:block"
      >
        <h2 id="armored-heading" className="text-lg font-semibold">
          Your encrypted message
        </h2>
        {text("armoredReport", "Your PGP message", {
          hint: 'The whole armored block, from "-----BEGIN PGP MESSAGE-----" to "-----END PGP MESSAGE-----". Put attachments and how you want to be credited inside it.',
          required: true,
          multiline: true,
          rows: 10,
        })}
      </section>

      <section
        aria-labelledby="details-heading"
        className="space-y-4 group-has-[#mode-armored:checked]:hidden"
      >
        <h2 id="details-heading" className="text-lg font-semibold">
          The vulnerability
        </h2>
        {text("title", "Title", {
          hint: `One line, e.g. "Cache poisoning through crafted EDNS0 options". At most ${limits.titleMaxChars} characters.`,
          required: true,
        })}
        <div className="grid gap-4 sm:grid-cols-2">
          {text("component", "Affected component", { hint: "Plugin, package or file.", required: true })}
          {text("affectedVersions", "Affected versions", {
            hint: 'e.g. "1.11.0 to 1.11.3".',
            required: true,
          })}
        </div>
        {text("description", "Description", {
          hint: "Where the problem is and what goes wrong.",
          required: true,
          multiline: true,
        })}
        {text("stepsToReproduce", "Steps to reproduce", {
          hint: "What an engineer needs to see it happen: configuration, requests, a proof-of-concept.",
          required: true,
          multiline: true,
        })}
        {text("impact", "Impact", {
          hint: "What an attacker gains, and who is affected.",
          required: true,
          multiline: true,
          rows: 4,
        })}
        <CvssCalculator
          name="cvssVector"
          optional
          collapsible
          defaultValue={values.cvssVector}
          error={fieldErrors.cvssVector}
        />

        <div className="space-y-1">
          <label htmlFor="attachment" className="block font-medium">
            Attachments <span className="text-sm font-normal text-slate-500">(optional)</span>
          </label>
          <p id={fieldIds("attachment").hint} className="text-sm text-slate-600">
            Proof-of-concept scripts, screenshots, packet captures. Up to {limits.attachmentsMaxCount} files,{" "}
            {maxMb} MB in total. They are encrypted like the report.
          </p>
          <input
            id="attachment"
            name="attachment"
            type="file"
            multiple
            className="block w-full min-w-0 text-sm file:mr-3 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-3 file:py-1.5 file:font-medium"
            aria-invalid={attachmentError ? true : undefined}
            aria-describedby={describedBy("attachment", { hint: true, error: attachmentError })}
            onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))}
          />
          <FieldError id={fieldIds("attachment").error} error={attachmentError} />
          {files.length > 0 ? (
            <div aria-live="polite" className="text-sm text-slate-700">
              <ul className="mt-1 space-y-0.5">
                {files.map((f) => (
                  <li key={`${f.name}-${f.size}-${f.lastModified}`} className="flex justify-between gap-2">
                    <span className="min-w-0 break-all">{f.name}</span>
                    <span className="shrink-0 text-slate-500">{formatBytes(f.size)}</span>
                  </li>
                ))}
              </ul>
              <p className="mt-1 font-medium">
                {files.length} file{files.length === 1 ? "" : "s"}, {formatBytes(totalBytes)} of {maxMb} MB
              </p>
            </div>
          ) : null}
        </div>
      </section>

      <section aria-labelledby="public-heading" className="space-y-4">
        <h2 id="public-heading" className="text-lg font-semibold">
          Is it already public?
        </h2>
        <fieldset className="space-y-2" aria-describedby="alreadyPublic-hint">
          <legend className="font-medium">Has this issue been disclosed publicly already?</legend>
          <p id="alreadyPublic-hint" className="text-sm text-slate-600">
            A public issue is handled as soon as possible. This answer and the link are stored unencrypted so
            the team can prioritise.
          </p>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="alreadyPublic"
              value="false"
              defaultChecked={values.alreadyPublic !== "true"}
            />
            No, only I (and maybe a few people I trust) know about it
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="alreadyPublic"
              value="true"
              id="alreadyPublic-yes"
              defaultChecked={values.alreadyPublic === "true"}
            />
            Yes, it is public
          </label>
        </fieldset>
        <div className="hidden group-has-[#alreadyPublic-yes:checked]:block">
          {text("publicUrl", "Public link", {
            hint: "Where it was published (an issue, a post, a mailing-list message), if you know. Not encrypted.",
            type: "url",
          })}
        </div>
      </section>

      <section aria-labelledby="you-heading" className="space-y-4">
        <h2 id="you-heading" className="text-lg font-semibold">
          About you
        </h2>
        <fieldset className="space-y-2 group-has-[#mode-armored:checked]:hidden">
          <legend className="font-medium">How should we credit you when the fix is released?</legend>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="creditMode"
              value="named"
              id="creditMode-named"
              defaultChecked={values.creditMode !== "anonymous"}
            />
            By name or handle
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="creditMode"
              value="anonymous"
              id="creditMode-anonymous"
              defaultChecked={values.creditMode === "anonymous"}
            />
            Do not credit me (anonymous)
          </label>
          <div className="group-has-[#creditMode-anonymous:checked]:hidden">
            {text("creditName", "Name or handle to credit", {
              required: true,
              hint: "As it should appear in the advisory. Encrypted with the report.",
              autoComplete: "nickname",
            })}
          </div>
        </fieldset>
        {text("notifyEmail", "Email for notifications", {
          hint: "We write when the state of your report changes. Not encrypted (our mail server needs it); leave it empty to stay reachable only through your tracking link.",
          type: "email",
          autoComplete: "email",
        })}
      </section>

      <div className="space-y-3 border-t border-slate-200 pt-6">
        <button type="submit" className={`${buttonClass} w-full sm:w-auto`} disabled={busy}>
          {busy ? "Sending…" : "Encrypt and send report"}
        </button>
        <p role="status" aria-live="polite" className="min-h-6 text-sm text-slate-700">
          {phase ? PHASE_TEXT[phase] : serverPending ? "Sending…" : ""}
        </p>
        <noscript>
          <p className="text-sm text-slate-700">
            JavaScript is off: your report is sent over HTTPS and encrypted by our server the moment it
            arrives, before anything is stored.
          </p>
        </noscript>
      </div>
    </form>
  );
}
