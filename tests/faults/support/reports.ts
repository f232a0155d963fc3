import { createReporterKey, encryptReport } from "@disclose/crypto";

export interface TReportBody {
  body: Uint8Array;
  contentType: string;
  /** The armored report as sent: distinct per body. */
  ciphertext: string;
}

export type TPstRecipient = { armoredPublicKey: string; fingerprint: string };

type TReporterKey = Awaited<ReturnType<typeof createReporterKey>>;

/**
 * A report as the portal's browser sends it (multipart, encrypted to the PST keys and the reporter's own key), as
 * the fault tests and `pnpm bench` post it. A new reporter key unless one is given (making one takes a while).
 */
export async function reportForm(
  recipients: TPstRecipient[],
  content: Parameters<typeof encryptReport>[0]["content"],
  files: Parameters<typeof encryptReport>[0]["attachments"] = [],
  reporterKey?: TReporterKey,
): Promise<{ form: FormData; ciphertext: string }> {
  const reporter = reporterKey ?? (await createReporterKey());
  const encrypted = await encryptReport({
    content,
    attachments: files,
    recipientKeys: [...recipients.map((r) => r.armoredPublicKey), reporter.publicKey],
  });
  const form = new FormData();
  form.set("message", encrypted.ciphertext);
  form.set("summary", encrypted.summary);
  form.set("encryption", "browser");
  form.set("recipientFingerprints", recipients.map((r) => r.fingerprint).join(","));
  form.set("reporterPublicKey", reporter.publicKey);
  form.set("reporterLockedPrivateKey", reporter.lockedPrivateKey);
  form.set("alreadyPublic", "false");
  form.set("website", "");
  for (const file of encrypted.attachments) {
    form.append("attachment", new Blob([file as Uint8Array<ArrayBuffer>]), "a.pgp");
  }
  return { form, ciphertext: encrypted.ciphertext };
}

/**
 * `count` real submissions as the portal's browser sends them, each with its own content and so its own
 * ciphertext. One reporter key for all: what differs per report is what the tests trace.
 */
export async function encryptedReportBodies(
  recipients: TPstRecipient[],
  count: number,
  label: string,
): Promise<TReportBody[]> {
  const reporter = await createReporterKey();
  const bodies: TReportBody[] = [];
  for (let i = 0; i < count; i++) {
    const { form, ciphertext } = await reportForm(
      recipients,
      {
        title: `${label} ${i}`,
        component: "plugin/forward",
        affectedVersions: "1.11.0",
        description: `Fault test report ${label} number ${i}.`,
        stepsToReproduce: "1. Send a crafted query.",
        impact: "Denial of service.",
        alreadyPublic: false,
        credit: { mode: "anonymous" },
      },
      [],
      reporter,
    );
    const response = new Response(form);
    bodies.push({
      body: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get("content-type")!,
      ciphertext,
    });
  }
  return bodies;
}
