"use server";

import { apiEnv } from "@disclose/api";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { serverCaller } from "~/trpc/server";
import {
  receiptEncryptionOf,
  type TEmailLinkState,
  type TReportFormState,
  valuesFromFormData,
} from "./form-state";
import { submitWithoutJavaScript } from "./submit-without-js";

/**
 * The report form's server action. Without JavaScript it receives the report itself (the JavaScript path posts
 * ciphertext to /api/reports instead). It also serves the receipt's "email me this link" form, so that without
 * JavaScript the receipt is rendered again, with the outcome, after that second post.
 */
export async function submitReportAction(
  previous: TReportFormState,
  formData: FormData,
): Promise<TReportFormState> {
  if (formData.get("intent") === "email-link") return emailTrackingLink(formData);
  const attempt = previous.status === "error" ? previous.attempt + 1 : 1;
  const values = valuesFromFormData(formData);
  const files = formData
    .getAll("attachment")
    .filter((f): f is File => typeof f !== "string" && (f.size > 0 || f.name !== ""));
  const result = await submitWithoutJavaScript({ formData, values, files });
  if (result.ok) return { status: "submitted", receipt: result.receipt };
  return {
    status: "error",
    message: result.message,
    fieldErrors: result.fieldErrors,
    values,
    filesDropped: files.length > 0,
    attempt,
  };
}

async function emailTrackingLink(formData: FormData): Promise<TReportFormState> {
  const email = String(formData.get("email") ?? "").trim();
  const token = String(formData.get("trackingToken") ?? "");
  const link = String(formData.get("trackingLink") ?? "");
  // The receipt is shown again from what the browser sent, so only ever a link of the right shape.
  const expected = `${new URL(apiEnv().PORTAL_URL).origin}/track/${token}#`;
  if (
    !/^[\w-]+\.[\w-]+$/.test(token) ||
    !link.startsWith(expected) ||
    !/^[\w-]{43}$/.test(link.slice(expected.length))
  ) {
    return {
      status: "error",
      message:
        "This receipt could not be read back. Your report is safe; open your tracking link to continue.",
      fieldErrors: {},
      values: valuesFromFormData(new FormData()),
      filesDropped: false,
      attempt: 1,
    };
  }
  // Without JavaScript this rebuilds the whole receipt, so the form carries who encrypted the report; an
  // unexpected value reads as this path's own answer (the server encrypted it).
  const receipt = {
    trackingToken: token,
    trackingLink: link,
    notifyEmail: null,
    encryption: receiptEncryptionOf(formData.get("encryption")),
  };
  let emailState: TEmailLinkState;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    emailState = { status: "error", email, message: "Enter an email address like name@example.org." };
  } else {
    try {
      await (await serverCaller()).tracking.emailLink({ token, email, link });
      emailState = { status: "sent", email };
    } catch (error) {
      // A refused input's own words (a server-side call carries the schema's issues, not the formatted message).
      const message =
        error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR"
          ? error.cause instanceof ZodError
            ? (error.cause.issues[0]?.message ?? "This email address does not look valid.")
            : error.message
          : "We could not send the email. Please copy the link instead.";
      emailState = { status: "error", email, message };
    }
  }
  return { status: "submitted", receipt, email: emailState };
}
