/** The report form's fields, as named in the HTML form (both the JavaScript and the no-JavaScript path). */
export const REPORT_TEXT_FIELDS = [
  "mode",
  "title",
  "component",
  "affectedVersions",
  "description",
  "stepsToReproduce",
  "impact",
  "cvssVector",
  "alreadyPublic",
  "publicUrl",
  "creditMode",
  "creditName",
  "notifyEmail",
  "armoredReport",
] as const;
export type TReportField = (typeof REPORT_TEXT_FIELDS)[number] | "attachment";
export type TReportFormValues = Record<(typeof REPORT_TEXT_FIELDS)[number], string>;

export const EMPTY_VALUES: TReportFormValues = {
  mode: "form",
  title: "",
  component: "",
  affectedVersions: "",
  description: "",
  stepsToReproduce: "",
  impact: "",
  cvssVector: "",
  alreadyPublic: "false",
  publicUrl: "",
  creditMode: "named",
  creditName: "",
  notifyEmail: "",
  armoredReport: "",
};

/**
 * Who encrypted the report, as stored with it: this browser (JavaScript on), our server on receipt (JavaScript
 * off), or the reporter (a pasted PGP message). The receipt says which, so it never claims the wrong one.
 */
export const RECEIPT_ENCRYPTIONS = ["browser", "server", "reporter-armored"] as const;
export type TReceiptEncryption = (typeof RECEIPT_ENCRYPTIONS)[number];

export function receiptEncryptionOf(value: unknown): TReceiptEncryption {
  return RECEIPT_ENCRYPTIONS.find((e) => e === value) ?? "server";
}

export interface TReceipt {
  trackingLink: string;
  trackingToken: string;
  notifyEmail: string | null;
  encryption: TReceiptEncryption;
}

export type TReportFormState =
  | { status: "idle" }
  | {
      status: "error";
      message: string;
      fieldErrors: Partial<Record<TReportField, string>>;
      values: TReportFormValues;
      /** The no-JavaScript path cannot give chosen files back to the browser: they must be chosen again. */
      filesDropped: boolean;
      /** Bumped on every failure so the error summary takes focus again. */
      attempt: number;
    }
  | { status: "submitted"; receipt: TReceipt; email?: TEmailLinkState };

export type TEmailLinkState =
  | { status: "sent"; email: string }
  | { status: "error"; email: string; message: string };

export function valuesFromFormData(formData: FormData): TReportFormValues {
  const values = { ...EMPTY_VALUES };
  for (const name of REPORT_TEXT_FIELDS) {
    const value = formData.get(name);
    if (typeof value === "string") values[name] = value;
  }
  return values;
}

const FIELD_OF_PATH: Record<string, TReportField> = {
  title: "title",
  component: "component",
  affectedVersions: "affectedVersions",
  description: "description",
  stepsToReproduce: "stepsToReproduce",
  impact: "impact",
  cvssVector: "cvssVector",
  publicUrl: "publicUrl",
  credit: "creditName",
  attachments: "attachment",
  alreadyPublic: "alreadyPublic",
  // Names the server uses for the multipart and use-case fields.
  notifyEmail: "notifyEmail",
  message: "armoredReport",
  armoredReport: "armoredReport",
  attachment: "attachment",
  files: "attachment",
};

/** Maps a schema path or a server field name to the form field that shows the error. */
export function formFieldOf(path: readonly PropertyKey[] | string | undefined): TReportField | null {
  const first = typeof path === "string" ? path : path?.[0];
  return typeof first === "string" ? (FIELD_OF_PATH[first] ?? null) : null;
}

/** Zod-style issues to one message per field (the first wins). */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Partial<Record<TReportField, string>> {
  const errors: Partial<Record<TReportField, string>> = {};
  for (const issue of issues) {
    const field = formFieldOf(issue.path);
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

export const FIELD_LABELS: Record<TReportField, string> = {
  mode: "How to send",
  title: "Title",
  component: "Affected component",
  affectedVersions: "Affected versions",
  description: "Description",
  stepsToReproduce: "Steps to reproduce",
  impact: "Impact",
  cvssVector: "CVSS vector",
  alreadyPublic: "Already public?",
  publicUrl: "Public link",
  creditMode: "Credit",
  creditName: "Name or handle to credit",
  notifyEmail: "Email for notifications",
  armoredReport: "Your PGP message",
  attachment: "Attachments",
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function isPlausibleEmail(value: string): boolean {
  return EMAIL.test(value);
}

/**
 * The form's values as the report the reporter wrote (before validation with ZReportContent), for both paths:
 * the browser encrypts it, the no-JavaScript path sends the fields and the server checks them the same way.
 */
export function reportContentOf(
  values: TReportFormValues,
  files: readonly { name: string; type: string; size: number }[],
) {
  const alreadyPublic = values.alreadyPublic === "true";
  const publicUrl = values.publicUrl.trim();
  const cvss = values.cvssVector.trim();
  return {
    title: values.title,
    component: values.component,
    affectedVersions: values.affectedVersions,
    description: values.description,
    stepsToReproduce: values.stepsToReproduce,
    impact: values.impact,
    cvssVector: cvss === "" ? undefined : cvss,
    alreadyPublic,
    publicUrl: alreadyPublic && publicUrl !== "" ? publicUrl : undefined,
    credit:
      values.creditMode === "anonymous"
        ? ({ mode: "anonymous" } as const)
        : ({ mode: "named", name: values.creditName } as const),
    attachments: files.map((f) => ({ name: f.name, type: f.type, size: f.size })),
  };
}
