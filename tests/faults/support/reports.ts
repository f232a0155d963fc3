import { createReporterKey, encryptReport } from "@disclose/crypto";

export interface TReportBody {
  body: Uint8Array;
  contentType: string;
  /** The armored report as sent: distinct per body. */
  ciphertext: string;
}

type TPstRecipient = { armoredPublicKey: string; fingerprint: string };

/**
 * `count` real submissions as the portal's browser sends them (multipart, encrypted to the current PST keys and
 * the reporter's own key), each with its own content and so its own ciphertext. One reporter key for all: what
 * differs per report is what the tests trace.
 */
export async function encryptedReportBodies(
  recipients: TPstRecipient[],
  count: number,
  label: string,
): Promise<TReportBody[]> {
  const reporter = await createReporterKey();
  const bodies: TReportBody[] = [];
  for (let i = 0; i < count; i++) {
    const encrypted = await encryptReport({
      content: {
        title: `${label} ${i}`,
        component: "plugin/forward",
        affectedVersions: "1.11.0",
        description: `Fault test report ${label} number ${i}.`,
        stepsToReproduce: "1. Send a crafted query.",
        impact: "Denial of service.",
        alreadyPublic: false,
        credit: { mode: "anonymous" },
      },
      attachments: [],
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
    const response = new Response(form);
    bodies.push({
      body: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get("content-type")!,
      ciphertext: encrypted.ciphertext,
    });
  }
  return bodies;
}
