import { MEMBERSHIP_CRITERIA } from "@disclose/domain";

/** The criteria answered in text (an answer and its evidence); the embargo and the vouch have their own fields. */
export const TEXT_CRITERIA = MEMBERSHIP_CRITERIA.filter(
  (c) => c.id !== "accepts-embargo" && c.id !== "vouched",
);

/**
 * The form's fields, named as the server names them in its refusals (`answers.user-base.evidence`), so an error
 * lands beside its field with no mapping; the same names are the inputs' ids.
 */
export const TEXT_FIELDS = [
  "organizationName",
  "distribution",
  "userBase",
  "trackRecord",
  "downstreamOf",
  "contribution",
  ...TEXT_CRITERIA.flatMap((c) => [`answers.${c.id}.answer`, `answers.${c.id}.evidence`] as const),
  "securityContact",
  "applicantName",
  "applicantEmail",
  "teamKey",
  "voucherEmail",
] as const;
export const CHECK_FIELDS = ["emailDelivery", "embargoPolicyAccepted", "emailTrackingLink"] as const;

export type TFormValues = Record<(typeof TEXT_FIELDS)[number], string> &
  Record<(typeof CHECK_FIELDS)[number], boolean> & { isDownstream: "yes" | "no" | "" };

export function emptyValues(): TFormValues {
  const values = Object.fromEntries(TEXT_FIELDS.map((f) => [f, ""])) as Record<
    (typeof TEXT_FIELDS)[number],
    string
  >;
  return {
    ...values,
    emailDelivery: false,
    embargoPolicyAccepted: false,
    emailTrackingLink: false,
    isDownstream: "",
  };
}

export function valuesFromFormData(formData: FormData): TFormValues {
  const values = emptyValues();
  for (const name of TEXT_FIELDS) {
    const value = formData.get(name);
    if (typeof value === "string") values[name] = value;
  }
  for (const name of CHECK_FIELDS) values[name] = formData.get(name) === "on";
  const downstream = formData.get("isDownstream");
  values.isDownstream = downstream === "yes" || downstream === "no" ? downstream : "";
  return values;
}

export type TApplicationFormState =
  | { status: "idle" }
  | {
      status: "error";
      message: string;
      fieldErrors: Record<string, string>;
      values: TFormValues;
      /** Bumped on every failure so the error summary takes focus again (and the form shows the values sent). */
      attempt: number;
    }
  | { status: "submitted"; trackingLink: string; organizationName: string; linkEmailed: boolean };

/** A label per field, for the error summary's links. */
export function fieldLabel(field: string): string {
  const labels: Record<string, string> = {
    organizationName: "Organisation",
    distribution: "Distribution",
    userBase: "User base",
    trackRecord: "Security track record",
    isDownstream: "Downstream or rebuild?",
    downstreamOf: "Downstream or rebuild of",
    contribution: "How you will contribute",
    securityContact: "Security contact",
    emailDelivery: "Copies by email",
    applicantName: "Your name",
    applicantEmail: "Your email address",
    teamKey: "Team OpenPGP public key",
    embargoPolicyVersion: "Embargo Policy",
    embargoPolicyAccepted: "Embargo Policy",
    voucherEmail: "Voucher's email address",
    emailTrackingLink: "Email me the tracking link",
  };
  const answer = /^answers\.([a-z-]+)(?:\.(answer|evidence))?$/.exec(field);
  if (answer) {
    const index = MEMBERSHIP_CRITERIA.findIndex((c) => c.id === answer[1]);
    return `Criterion ${index + 1}, ${answer[2] === "evidence" ? "evidence" : "answer"}`;
  }
  return labels[field] ?? field;
}

/** The id of the control that shows a field's error (the first radio of a group). */
export function controlIdOf(field: string): string {
  if (field === "isDownstream") return "isDownstream-no";
  if (field === "embargoPolicyVersion") return "embargoPolicyAccepted";
  if (/^answers\.[a-z-]+$/.test(field)) return `${field}.answer`;
  return field;
}
