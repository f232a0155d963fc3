import "server-only";
import { hasNul, NUL_MESSAGE, submitReportForm } from "@disclose/api";
import { ZReportContent } from "@disclose/crypto";
import { headers } from "next/headers";
import {
  fieldErrorsOf,
  formFieldOf,
  isPlausibleEmail,
  REPORT_TEXT_FIELDS,
  reportContentOf,
  type TReceipt,
  type TReportField,
  type TReportFormValues,
} from "./form-state";

type Result =
  | { ok: true; receipt: TReceipt }
  | { ok: false; message: string; fieldErrors: Partial<Record<TReportField, string>> };

/**
 * The no-JavaScript path. Checks every field first (so the reporter sees all problems at once), then hands the
 * form to the API, which applies the honeypot and rate limits and encrypts on receipt. The plaintext lives only in
 * this request's memory and is never logged.
 */
export async function submitWithoutJavaScript(options: {
  formData: FormData;
  values: TReportFormValues;
  files: File[];
}): Promise<Result> {
  const { formData, values, files } = options;
  const armored = values.mode === "armored";
  const alreadyPublic = values.alreadyPublic === "true";
  const notifyEmail = values.notifyEmail.trim();
  const fieldErrors: Partial<Record<TReportField, string>> = {};
  if (notifyEmail && !isPlausibleEmail(notifyEmail)) {
    fieldErrors.notifyEmail = "Enter an email address like name@example.org, or leave this empty.";
  }
  if (armored) {
    if (!values.armoredReport.trim().startsWith("-----BEGIN PGP MESSAGE-----")) {
      fieldErrors.armoredReport =
        'Paste one whole armored PGP message, from "-----BEGIN PGP MESSAGE-----" to "-----END PGP MESSAGE-----".';
    }
  } else {
    const parsed = ZReportContent.safeParse(reportContentOf(values, files));
    if (!parsed.success) Object.assign(fieldErrors, fieldErrorsOf(parsed.error.issues), { ...fieldErrors });
  }
  for (const field of REPORT_TEXT_FIELDS) {
    if (hasNul(values[field])) fieldErrors[field] = NUL_MESSAGE;
  }
  if (Object.keys(fieldErrors).length > 0) {
    return { ok: false, message: "Some fields need your attention. Nothing was sent.", fieldErrors };
  }

  // Only what the chosen mode uses goes on: a hidden, half-filled field of the other mode must not.
  const form = new FormData();
  for (const [name, value] of formData.entries()) {
    if (name.startsWith("$ACTION") || name.startsWith("cvss-")) continue;
    if (armored ? name === "attachment" : name === "armoredReport") continue;
    if (name === "publicUrl" && !alreadyPublic) continue;
    form.append(name, value);
  }
  const result = await submitReportForm({ formData: form, headers: await headers() });
  if (result.ok) {
    return {
      ok: true,
      receipt: {
        trackingToken: result.trackingToken,
        trackingLink: result.trackingUrl,
        notifyEmail: notifyEmail || null,
        encryption: armored ? "reporter-armored" : "server",
      },
    };
  }
  const field = formFieldOf(result.error.field);
  // A database outage's message already says when to try again.
  const wait =
    result.error.retryAfterSeconds && result.error.code === "RATE_LIMITED"
      ? ` Please try again in ${Math.ceil(result.error.retryAfterSeconds / 60)} minute(s).`
      : "";
  return {
    ok: false,
    message: `${result.error.message}${wait}`,
    fieldErrors: field ? { [field]: result.error.message } : {},
  };
}
