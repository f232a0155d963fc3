"use client";

import type { TTeamKeyReportWork } from "@disclose/api";
import { Alert, buttonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import type { PrivateKey } from "openpgp";
import { useEffect, useState } from "react";
import { requestGrants } from "~/grants/grant-runner";
import { adminClient, errorMessage } from "~/trpc/client";

const fromBase64 = (b: string) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0));
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/**
 * A report (or a reporter's later reply by mail) sent to a team key (the project's long-published key) that this
 * member has not opened yet: one button opens it here. The browser fetches the team key's private half
 * (audited), decrypts it with the member's own key, opens each item's session key with it and wraps that to the
 * member's key; the grant step then brings in the case's other readers. Nothing decrypted leaves the browser.
 */
export function TeamKeyOpener({ reportId, keys }: { reportId: string; keys: PrivateKey[] }) {
  const router = useRouter();
  const [work, setWork] = useState<TTeamKeyReportWork | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let live = true;
    adminClient()
      .teamKeys.reportWork.query({ reportId })
      .then((w) => live && setWork(w))
      .catch(() => live && setWork(null));
    return () => {
      live = false;
    };
  }, [reportId]);

  if (!work || work.items.length === 0 || !work.granteePublicKey || !work.granteeFingerprint) return null;
  const labels = [...new Set(work.items.map((i) => i.teamKeyLabel))].join(", ");
  const replies = work.items.filter((i) => i.kind === "reporter-message").length;
  // The report itself, or only replies the reporter sent later by mail (the report is already open here).
  const what =
    replies < work.items.length
      ? "This report is"
      : replies === 1
        ? "A reply from the reporter is"
        : `${replies} replies from the reporter are`;

  async function open() {
    if (!work?.granteePublicKey || !work.granteeFingerprint) return;
    setPending(true);
    setError(null);
    try {
      const crypto = await import("@disclose/crypto");
      const own = await crypto.readPublicKey(work.granteePublicKey);
      const teamPrivate = new Map<string, PrivateKey>();
      const grants = [];
      for (const item of work.items) {
        let key = teamPrivate.get(item.teamKeyFingerprint);
        if (!key) {
          const { message } = await adminClient().teamKeys.read.mutate({
            fingerprint: item.teamKeyFingerprint,
          });
          key = await crypto.readUnlockedPrivateKey(await crypto.decryptTextWithKeys(message, keys));
          teamPrivate.set(item.teamKeyFingerprint, key);
        }
        const packet = await crypto.rewrapKeyPackets({
          keyPackets: fromBase64(item.packets),
          decryptionKeys: [key],
          grantee: own,
        });
        grants.push({
          kind: item.kind,
          itemId: item.itemId,
          teamKeyFingerprint: item.teamKeyFingerprint,
          granteeFingerprint: work.granteeFingerprint,
          packets: toBase64(packet),
        });
      }
      await adminClient().teamKeys.openReport.mutate({ reportId, grants });
      // Everything listed is opened now; the page refreshes to show it.
      setWork({ ...work, items: [] });
      requestGrants();
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <section
      className="space-y-2 rounded-md border-l-4 border-sky-600 bg-sky-50 p-4 text-sky-950"
      data-testid="team-key-opener"
    >
      <h2 className="font-semibold">Sent to the team key {labels}</h2>
      <p className="text-sm">
        {what} encrypted to the project's team key. Open{" "}
        {replies === work.items.length && replies > 1 ? "them" : "it"} with the team key in this browser: it
        is then granted to your key, and to the case's other readers by the usual grant step. The use of the
        team key is recorded in the audit log.
      </p>
      {error ? <Alert title="Could not open it">{error}</Alert> : null}
      <button type="button" className={buttonClass} onClick={open} disabled={pending}>
        {pending ? "Opening…" : "Open with the team key"}
      </button>
    </section>
  );
}
