import {
  fieldErrorsOf,
  formFieldOf,
  isPlausibleEmail,
  reportContentOf,
  type TReceipt,
  type TReportField,
  type TReportFormValues,
} from "./form-state";

export type TPhase = "checking" | "encrypting" | "sending";

export type TSendResult =
  | { ok: true; receipt: TReceipt }
  | { ok: false; message: string; fieldErrors: Partial<Record<TReportField, string>> };

export interface TSendLimits {
  attachmentsMaxCount: number;
  attachmentsMaxTotalBytes: number;
  emailMaxChars: number;
}

const fail = (message: string, fieldErrors: Partial<Record<TReportField, string>> = {}): TSendResult => ({
  ok: false,
  message,
  fieldErrors,
});

/** Checks that need no crypto, done before OpenPGP.js is even loaded. */
function checkEnvelope(values: TReportFormValues, files: File[], limits: TSendLimits) {
  const errors: Partial<Record<TReportField, string>> = {};
  const email = values.notifyEmail.trim();
  if (email && (!isPlausibleEmail(email) || email.length > limits.emailMaxChars)) {
    errors.notifyEmail = "Enter an email address like name@example.org, or leave this empty.";
  }
  if (files.length > limits.attachmentsMaxCount) {
    errors.attachment = `Attach at most ${limits.attachmentsMaxCount} files.`;
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > limits.attachmentsMaxTotalBytes) {
    errors.attachment = `Attachments are at most ${limits.attachmentsMaxTotalBytes / 1024 / 1024} MB in total.`;
  }
  return errors;
}

/**
 * The JavaScript path: encrypt in this browser to the current PST keys and to the reporter's own new key, then
 * send only ciphertext (and the few fields the page says are not encrypted). Nothing is stored until the server
 * answers 201.
 */
export async function sendEncryptedReport(options: {
  values: TReportFormValues;
  files: File[];
  honeypot: string;
  limits: TSendLimits;
  onPhase: (phase: TPhase) => void;
}): Promise<TSendResult> {
  const { values, files, limits, onPhase } = options;
  onPhase("checking");
  const envelopeErrors = checkEnvelope(values, files, limits);
  const armored = values.mode === "armored";
  const alreadyPublic = values.alreadyPublic === "true";
  const publicUrl = values.publicUrl.trim();

  // Loaded here, not with the page: OpenPGP.js is large and only needed once the reporter sends.
  const [crypto, { portalClient }] = await Promise.all([import("@disclose/crypto"), import("~/trpc/client")]);

  let content: import("@disclose/crypto").TReportContent | null = null;
  if (armored) {
    if (!(await crypto.isArmoredPgpMessage(values.armoredReport))) {
      envelopeErrors.armoredReport =
        'Paste one whole armored PGP message, from "-----BEGIN PGP MESSAGE-----" to "-----END PGP MESSAGE-----", encrypted to our keys.';
    }
  } else {
    const parsed = crypto.ZReportContent.safeParse(reportContentOf(values, files));
    if (!parsed.success) Object.assign(envelopeErrors, fieldErrorsOf(parsed.error.issues), envelopeErrors);
    else content = parsed.data;
  }
  if (Object.keys(envelopeErrors).length > 0) {
    return fail("Some fields need your attention. Nothing was sent.", envelopeErrors);
  }

  // The reporter's own key pair comes first: the report is encrypted to it too, so the tracking page can show the
  // reporter what they sent (and the team's replies). One pair for both attempts below.
  const reporterKey = await crypto.createReporterKey();

  // Two attempts: if the team's keys changed since we fetched them, the server says so and we re-encrypt.
  for (let attempt = 0; attempt < 2; attempt++) {
    onPhase("encrypting");
    let keys: { fingerprint: string; armoredPublicKey: string }[];
    try {
      keys = await portalClient().keys.list.query();
    } catch {
      return fail(
        "We could not load the security team's encryption keys. Nothing was sent; please try again.",
      );
    }
    if (keys.length === 0) {
      return fail(
        "The security team has no encryption keys published yet. Nothing was sent; please try later.",
      );
    }
    const body = new FormData();
    if (content) {
      // Measured by `pnpm bench` (the 10 MB attachment target) through the Performance API.
      performance.mark("disclose:encrypt:start");
      const encrypted = await crypto.encryptReport({
        content,
        attachments: await Promise.all(
          files.map(async (f) => ({
            name: f.name,
            type: f.type,
            data: new Uint8Array(await f.arrayBuffer()),
          })),
        ),
        // Every current PST key and the reporter's own; the server refuses a report that leaves one out.
        recipientKeys: [...keys.map((k) => k.armoredPublicKey), reporterKey.publicKey],
      });
      performance.measure("disclose:encrypt", "disclose:encrypt:start");
      body.set("message", encrypted.ciphertext);
      // What the team's lists decrypt (title and component), so no list has to open the whole report.
      body.set("summary", encrypted.summary);
      encrypted.attachments.forEach((data, i) => {
        // The real file name and type are inside the encrypted report; the server sees a neutral name.
        body.append(
          "attachment",
          new Blob([data as Uint8Array<ArrayBuffer>], { type: "application/pgp-encrypted" }),
          `attachment-${i + 1}.pgp`,
        );
      });
      body.set("encryption", "browser");
    } else {
      body.set("message", values.armoredReport);
      body.set("encryption", "reporter-armored");
    }
    body.set("reporterPublicKey", reporterKey.publicKey);
    body.set("reporterLockedPrivateKey", reporterKey.lockedPrivateKey);
    body.set("recipientFingerprints", keys.map((k) => k.fingerprint).join(","));
    body.set("alreadyPublic", alreadyPublic ? "true" : "false");
    body.set("publicUrl", alreadyPublic ? publicUrl : "");
    body.set("notifyEmail", values.notifyEmail.trim());
    body.set("website", options.honeypot);

    onPhase("sending");
    let response: Response;
    try {
      response = await fetch("/api/reports", { method: "POST", body, credentials: "same-origin" });
    } catch {
      return fail(
        "We could not reach the server. Your report was not sent; everything you typed is still here. Please try again.",
      );
    }
    const payload = (await response.json().catch(() => null)) as {
      reportId?: string;
      trackingToken?: string;
      error?: { code?: string; message?: string; field?: string };
    } | null;
    if (response.status === 201 && payload?.trackingToken) {
      return {
        ok: true,
        receipt: {
          trackingToken: payload.trackingToken,
          trackingLink: `${window.location.origin}/track/${payload.trackingToken}#${reporterKey.keySecret}`,
          notifyEmail: values.notifyEmail.trim() || null,
          encryption: armored ? "reporter-armored" : "browser",
        },
      };
    }
    const message = payload?.error?.message ?? `The server refused the report (HTTP ${response.status}).`;
    if (
      attempt === 0 &&
      (payload?.error?.code === "STALE_RECIPIENT_KEYS" || payload?.error?.field === "recipientFingerprints")
    ) {
      continue;
    }
    if (response.status === 429) {
      const retry = Number(response.headers.get("Retry-After"));
      const wait =
        Number.isFinite(retry) && retry > 0 ? ` Please try again in ${Math.ceil(retry / 60)} minute(s).` : "";
      return fail(`Too many reports from your network right now.${wait} Nothing was stored.`);
    }
    if (response.status === 413) {
      return fail("The report is too large. Attachments are at most 25 MB in total.", {
        attachment: "Remove or shrink some files.",
      });
    }
    const mapped = formFieldOf(payload?.error?.field);
    // "message" is the whole ciphertext: only the pasted-message mode has a field to point at.
    const field = mapped === "armoredReport" && !armored ? null : mapped;
    return fail(`${message} Nothing was stored.`, field ? { [field]: message } : {});
  }
  return fail("The security team's keys changed while you were sending. Please try again.");
}
