"use client";

import type { TReportForStaff } from "@disclose/api";
import { secondaryButtonClass } from "@disclose/ui";
import { useKeyring } from "~/keyring";
import { useGrantRunner } from "./grant-runner";

/** How each reader's access reads on the page. */
function statusText(a: TReportForStaff["access"][number]): string {
  switch (a.status) {
    case "ready":
      return "can read it";
    case "waiting-for-key":
      return `waiting for ${a.name}'s key (they create one on the Keys page)`;
    case "waiting-for-grant":
      return `waiting for a grant from someone who can read it (${a.missing} ${a.missing === 1 ? "item" : "items"})`;
  }
}

/** Who may read the case and whether they can yet; a pending grant can be completed from here. */
export function CaseAccess({ report }: { report: TReportForStaff }) {
  const keyring = useKeyring();
  const { progress, run } = useGrantRunner();
  const waiting = report.access.filter((a) => a.status === "waiting-for-grant");
  const canGrant = keyring.status === "unlocked" && report.ciphertext !== null;
  return (
    <section aria-labelledby="access-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="access-heading" className="text-lg font-semibold">
        Who can read this case
      </h2>
      <p className="text-sm text-slate-600">
        Everything in the case is encrypted to each reader&apos;s own key. A new reader is given access from a
        team member&apos;s browser, never by the server.
      </p>
      <ul className="space-y-1" data-testid="case-access">
        {report.access.map((a) => (
          <li key={a.userId} className="flex flex-wrap gap-x-2">
            <span className="font-medium">{a.name}</span>
            <span className={a.status === "ready" ? "text-slate-600" : "text-amber-800"}>
              {statusText(a)}
            </span>
          </li>
        ))}
      </ul>
      {waiting.length > 0 ? (
        canGrant ? (
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={progress.phase === "running"}
            onClick={() => void run()}
          >
            {progress.phase === "running" ? "Granting…" : "Grant access now"}
          </button>
        ) : (
          <p className="text-sm text-slate-600">
            {keyring.status === "unlocked"
              ? "Someone who can read this case completes it when they next open Disclose."
              : "Unlock your key (top of the page) and this browser completes it."}
          </p>
        )
      ) : null}
    </section>
  );
}
