"use client";

import { useEffect, useState } from "react";
import { useKeyring } from "~/keyring";
import { adminClient, errorMessage } from "~/trpc/client";

// OpenPGP.js is large: loaded only once the tab's key is unlocked.
const loadCrypto = () => import("@disclose/crypto");

/** What the reporter proposed, as far as this tab can tell. */
export type TReporterVector =
  | { status: "locked" }
  | { status: "loading" }
  | { status: "not-granted" }
  | { status: "failed"; message: string }
  | { status: "ready"; vector: string | null };

/**
 * The reporter's proposed CVSS vector: it is inside the encrypted report, so it is read as the report page reads it
 * (the report with this member's own session-key packet only, decrypted here with the tab's unlocked key, parsed
 * as the report's content; the read is in the case's history). Nothing decrypted leaves the page.
 */
export function useReporterVector(reportId: string): TReporterVector {
  const keyring = useKeyring();
  const keys = keyring.keys;
  const [state, setState] = useState<TReporterVector>({ status: "locked" });

  useEffect(() => {
    if (keys.length === 0) {
      setState({ status: "locked" });
      return;
    }
    let live = true;
    setState({ status: "loading" });
    (async () => {
      try {
        const report = await adminClient().vulnerabilities.reporterProposal.query({ reportId });
        if (!report.ciphertext) {
          if (live) setState({ status: "not-granted" });
          return;
        }
        const crypto = await loadCrypto();
        const text = await crypto.decryptTextWithKeys(report.ciphertext, keys);
        let vector: string | null = null;
        try {
          const parsed = crypto.ZReportContent.safeParse(JSON.parse(text));
          vector = parsed.success ? (parsed.data.cvssVector ?? null) : null;
        } catch {
          // A reporter's own PGP message (plain text): it carries no vector field.
        }
        if (live) setState({ status: "ready", vector });
      } catch (error) {
        if (live) setState({ status: "failed", message: errorMessage(error) });
      }
    })();
    return () => {
      live = false;
    };
  }, [reportId, keys]);

  return state;
}
