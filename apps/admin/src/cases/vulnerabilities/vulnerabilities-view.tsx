"use client";

import { Alert, LocalTime, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { UnlockPanel } from "~/keyring";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";
import { TimelineDecisions } from "./timeline-decisions";
import { useReporterVector } from "./use-reporter-vector";
import { ScoreBadge, type TVulnerabilitiesView, VulnerabilityCard } from "./vulnerability-card";

/**
 * A case's vulnerabilities and the Fix Lead's CVSS call on each (the reporter's proposal beside it, decrypted here),
 * the case's CVSS (the highest), and the decisions that move the timeline's dates.
 */
export function VulnerabilitiesView({ view }: { view: TVulnerabilitiesView }) {
  const reporter = useReporterVector(view.reportId);
  const cvssMilestone = view.milestones.find((m) => m.id === "cvss-scored");
  const worst = view.vulnerabilities.find((v) => v.id === view.caseCvss?.vulnerabilityId);
  return (
    <div className="space-y-6">
      <section aria-labelledby="case-cvss-heading" className="space-y-2 rounded-lg bg-white p-4 shadow-sm">
        <h2 id="case-cvss-heading" className="text-lg font-semibold">
          Case CVSS
        </h2>
        {view.caseCvss ? (
          <p data-testid="case-cvss">
            <ScoreBadge
              score={view.caseCvss.score}
              severity={view.caseCvss.severity}
              testId="case-cvss-score"
            />{" "}
            <span className="text-slate-700">
              {view.vulnerabilities.length > 1
                ? `the highest of the case's vulnerabilities (vulnerability ${worst?.position ?? "?"}); the timeline uses it.`
                : "the timeline uses it."}
            </span>
          </p>
        ) : (
          <p data-testid="case-cvss">
            Not scored yet: the Fix Lead sets each vulnerability's final vector below.
          </p>
        )}
        <p className="text-sm text-slate-600">
          {view.cvssScoredAt ? (
            <>
              Every vulnerability was first scored <LocalTime at={view.cvssScoredAt} /> (the “CVSS scored”
              milestone).
            </>
          ) : cvssMilestone?.due ? (
            <>
              “CVSS scored” is due <LocalTime at={cvssMilestone.due} />: it is reached once every
              vulnerability has a vector.
            </>
          ) : null}
        </p>
        {view.mayEdit ? null : (
          <p className="text-sm text-slate-600">The Fix Lead makes the final call on the CVSS score.</p>
        )}
      </section>
      {reporter.status === "locked" ? (
        <UnlockPanel title="Unlock your key to see the reporter's proposed vector">
          <p className="text-sm text-slate-600">
            The reporter's CVSS vector is inside the encrypted report. It is decrypted here with your private
            key; opening it is recorded in the case's history.
          </p>
        </UnlockPanel>
      ) : null}
      {view.vulnerabilities.length === 0 ? (
        <p className="rounded-lg bg-white p-4 shadow-sm">This case has no vulnerability recorded yet.</p>
      ) : null}
      {view.vulnerabilities.map((v) => (
        <VulnerabilityCard key={v.id} view={view} v={v} reporter={reporter} />
      ))}
      {view.mayEdit ? <AddVulnerability reportId={view.reportId} /> : null}
      <TimelineDecisions view={view} />
    </div>
  );
}

function AddVulnerability({ reportId }: { reportId: string }) {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function add() {
    setPending(true);
    setProblem(null);
    try {
      await adminClient().vulnerabilities.add.mutate({ reportId });
      router.refresh();
    } catch (error) {
      setProblem(problemOf(error).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      {problem ? <Alert title="Not added">{problem}</Alert> : null}
      <button type="button" className={secondaryButtonClass} disabled={pending} onClick={() => void add()}>
        {pending ? "Adding…" : "Add a vulnerability"}
      </button>
      <p className="text-sm text-slate-600">
        One per distinct issue: each gets its own CVE and CVSS, and the case's CVSS is the highest.
      </p>
    </div>
  );
}
