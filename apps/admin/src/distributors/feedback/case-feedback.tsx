"use client";

import type { AdminRouter } from "@disclose/api";
import { Alert, LocalTime } from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useState } from "react";
import { decryptItems, refusalOf, type Shown, shownText } from "~/cases/workspace/sealed";
import { UnlockPanel, useKeyring } from "~/keyring";
import { adminClient } from "~/trpc/client";
import { RESULT_LABELS, STATUS_LABELS } from "./feedback-form";

type TEntries = inferRouterOutputs<AdminRouter>["distributorFeedback"]["listForCase"]["entries"];

/**
 * Every notified organisation's feedback on the case, for its team: status and result as written, details
 * decrypted here with the tab's unlocked key (the server serves each reader only their own key packets).
 */
export function CaseFeedback({ reportId }: { reportId: string }) {
  const keyring = useKeyring();
  const locked = keyring.status !== "unlocked";
  const [entries, setEntries] = useState<TEntries | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Record<string, Shown>>({});

  useEffect(() => {
    adminClient()
      .distributorFeedback.listForCase.query({ reportId })
      .then((r) => setEntries(r.entries))
      .catch((e: unknown) => setError(refusalOf(e).message));
  }, [reportId]);

  useEffect(() => {
    if (!entries || keyring.keys.length === 0) return;
    let live = true;
    void decryptItems(
      entries.filter((e) => e.hasDetails).map((e) => ({ id: e.id, ciphertext: e.details })),
      keyring.keys,
    ).then((r) => {
      if (live) setShown(r);
    });
    return () => {
      live = false;
    };
  }, [entries, keyring.keys]);

  if (error) return <Alert title="The feedback could not be loaded">{error}</Alert>;
  if (!entries) {
    return (
      <p role="status" className="text-slate-600">
        Loading the feedback…
      </p>
    );
  }
  return (
    <div className="space-y-3">
      {locked && entries.some((e) => e.hasDetails) ? (
        <UnlockPanel title={null}>
          <p className="text-sm text-slate-600">
            Details are end-to-end encrypted: unlock your key to read them.
          </p>
        </UnlockPanel>
      ) : null}
      {entries.length === 0 ? (
        <p className="text-slate-600">No organisation has reported back yet.</p>
      ) : (
        <ul className="space-y-2">
          {entries.map((e) => (
            <li key={e.id} className="rounded-md bg-slate-50 p-3">
              <p>
                <span className="font-medium">{e.organizationName}</span>: {STATUS_LABELS[e.status]} ·{" "}
                {RESULT_LABELS[e.result]}
                {e.patchVersion !== null ? ` · version ${e.patchVersion}` : ""}
              </p>
              <p className="text-xs text-slate-600">
                {e.authorName ?? "A former member"} · <LocalTime at={e.createdAt} />
              </p>
              {e.hasDetails ? (
                <p className="mt-1 whitespace-pre-wrap wrap-anywhere" data-testid="feedback-details">
                  {shownText(shown[e.id], locked)}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
