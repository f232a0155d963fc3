import { CASE_STATE_LABELS } from "@disclose/domain";
import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { CaseNav } from "~/cases/case-nav";
import { EarlyDisclosurePanel } from "~/cases/distributors/early-disclosure-panel";
import { loadOr404 } from "~/cases/load-or-404";
import { DistributorsNote } from "~/cases/release/distributors-note";
import { NoticeSection } from "~/cases/release/notice-section";
import { ReleaseSection } from "~/cases/release/release-section";
import { RetrospectiveSection } from "~/cases/release/retrospective-section";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Notice & release" };

/**
 * The end of a case, in the order work happens: the forthcoming-fix notice to users, the release (versions,
 * cherry-picked commits, the agreed disclosure time, "Mark released" under the domain's guard), the retrospective
 * and closing the case.
 */
export default async function ReleasePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const caller = await serverCaller();
  const [view, workflow] = await loadOr404(() =>
    Promise.all([caller.release.get({ reportId: id }), caller.caseWorkflow.get({ reportId: id })]),
  );
  // The early disclosure is the Fix Lead's: anyone else (and a case that does not qualify) sees the note.
  const disclosure = await caller.earlyDisclosure.get({ reportId: view.reportId }).catch(() => null);
  // A recorded "skipped" takes early disclosure off the case, unless organisations were already chosen.
  const early = workflow.milestones.find((m) => m.id === "distributors-notified");
  const showDisclosure =
    disclosure !== null &&
    disclosure.blocker === null &&
    (early?.status !== "not-applicable" || disclosure.organizations.some((o) => o.chosen));
  return (
    <div className="space-y-6">
      <CaseNav reportId={view.reportId} current="release" isCase />
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">
          Notice & release <span className="font-mono text-slate-600">{view.reportId.slice(0, 8)}</span>
        </h1>
        <p className="text-slate-700">
          <span data-testid="case-state">{CASE_STATE_LABELS[view.state]}</span>. Times show in your time zone
          with the UTC form beside them; the disclosure time is agreed in UTC.
        </p>
      </div>
      <NoticeSection view={view} />
      {showDisclosure && disclosure ? (
        <EarlyDisclosurePanel view={disclosure} />
      ) : (
        <DistributorsNote workflow={workflow} />
      )}
      <ReleaseSection view={view} />
      <RetrospectiveSection view={view} />
    </div>
  );
}
