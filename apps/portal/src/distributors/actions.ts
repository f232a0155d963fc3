"use server";

import { checkApplication, type TApplyRequest } from "@disclose/api";
import { EMBARGO_POLICY } from "@disclose/domain";
import { TRPCError } from "@trpc/server";
import { serverCaller } from "~/trpc/server";
import {
  type TApplicationFormState,
  TEXT_CRITERIA,
  type TFormValues,
  valuesFromFormData,
} from "./form-state";

/**
 * The application form's server action: the same path with or without JavaScript (the form is plain text, so
 * nothing needs doing in the browser first). The server checks everything; a refusal names its field.
 */
export async function applyAction(
  previous: TApplicationFormState,
  formData: FormData,
): Promise<TApplicationFormState> {
  const attempt = previous.status === "error" ? previous.attempt + 1 : 1;
  const values = valuesFromFormData(formData);
  const version = formData.get("embargoPolicyVersion");
  const request: TApplyRequest = {
    organizationName: values.organizationName,
    distribution: values.distribution,
    userBase: values.userBase,
    trackRecord: values.trackRecord,
    isDownstream: values.isDownstream === "yes",
    downstreamOf: values.isDownstream === "yes" ? values.downstreamOf : "",
    contribution: values.contribution,
    answers: Object.fromEntries(
      TEXT_CRITERIA.map((c) => [
        c.id,
        { answer: values[`answers.${c.id}.answer`], evidence: values[`answers.${c.id}.evidence`] },
      ]),
    ),
    securityContact: values.securityContact,
    emailDelivery: values.emailDelivery,
    applicantName: values.applicantName,
    applicantEmail: values.applicantEmail,
    teamKey: values.teamKey,
    embargoPolicyVersion: typeof version === "string" ? version : "",
    embargoPolicyAccepted: values.embargoPolicyAccepted,
    voucherEmail: values.voucherEmail,
    emailTrackingLink: values.emailTrackingLink,
  };
  // Every refusal the form can show at once, before the server is asked (and before the attempt counts
  // against the rate limit); the server checks all of it again, and the team key.
  const checked = checkApplication(request);
  if (!checked.ok) {
    const count = Object.keys(checked.fieldErrors).length;
    return {
      status: "error",
      message: `Your application was not sent: please correct ${count === 1 ? "the field" : `these ${count} fields`} below.`,
      fieldErrors: checked.fieldErrors,
      values: keptValues(values, version),
      attempt,
    };
  }
  try {
    const result = await (await serverCaller()).distributorApplications.submit(request);
    return {
      status: "submitted",
      trackingLink: result.trackingLink,
      organizationName: values.organizationName.trim(),
      linkEmailed: values.emailTrackingLink,
    };
  } catch (error) {
    if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") console.error(error);
    const known = error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR";
    const field = known ? fieldOf(error) : undefined;
    // A refused input's own words (a server-side call carries the schema's issues, not the formatted message).
    const message = known ? (issueMessageOf(error) ?? error.message) : "Something went wrong on our side.";
    const fieldErrors: Record<string, string> = field ? { [field]: message } : {};
    return {
      status: "error",
      message: field
        ? "Your application was not sent: please correct the field below."
        : `Your application was not sent. ${message} Everything you typed is still here; please try again.`,
      fieldErrors,
      values: keptValues(values, version),
      attempt,
    };
  }
}

/** What the form shows again: what was sent, except an acceptance of an embargo policy text no longer current. */
function keptValues(values: TFormValues, version: FormDataEntryValue | null): TFormValues {
  return {
    ...values,
    embargoPolicyAccepted: values.embargoPolicyAccepted && version === EMBARGO_POLICY.version,
  };
}

function fieldOf(error: TRPCError): string | undefined {
  const cause = error.cause as
    | { details?: { field?: string }; issues?: { path: PropertyKey[] }[] }
    | undefined;
  const field = cause?.details?.field ?? cause?.issues?.[0]?.path.map(String).join(".");
  return field || undefined;
}

function issueMessageOf(error: TRPCError): string | undefined {
  return (error.cause as { issues?: { message: string }[] } | undefined)?.issues?.[0]?.message;
}
