import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { AdvisoryEditor, DraftStatus } from "~/cases/advisory/advisory-editor";
import { DistributorsSection } from "~/cases/advisory/distributors-section";
import { ReadyToPost } from "~/cases/advisory/ready-to-post";
import { WithdrawForm } from "~/cases/advisory/withdraw-form";
import { CaseNav } from "~/cases/case-nav";
import { loadOr404 } from "~/cases/load-or-404";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Advisory" };

/**
 * The case's advisory: written by its team while the case is embargoed (the draft is end-to-end encrypted), shared
 * with notified distributors for review, and published by the Fix Lead at release.
 */
export default async function AdvisoryPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const caller = await serverCaller();
  const workspace = await loadOr404(() => caller.advisories.workspace({ reportId: id }));
  const mayShare = await caller.advisories
    .draftRecipients({ reportId: workspace.reportId })
    .then(() => true)
    .catch(() => false);
  return (
    <div className="space-y-6">
      <CaseNav reportId={workspace.reportId} current="advisory" isCase />
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">
          Advisory <span className="font-mono text-slate-600">{workspace.reportId.slice(0, 8)}</span>
        </h1>
        {workspace.published ? (
          <p className="text-slate-700" data-testid="advisory-published">
            Published as{" "}
            <a className="font-semibold text-sky-700 underline" href={workspace.published.url}>
              {workspace.published.publicId}
            </a>{" "}
            (revision {workspace.published.revision}){workspace.published.withdrawnAt ? ", withdrawn" : ""}.
          </p>
        ) : null}
        <DraftStatus workspace={workspace} />
      </div>
      <AdvisoryEditor workspace={workspace} />
      {workspace.published ? <ReadyToPost publicId={workspace.published.publicId} /> : null}
      {workspace.published && !workspace.published.withdrawnAt && workspace.mayPublish ? (
        <WithdrawForm reportId={workspace.reportId} publicId={workspace.published.publicId} />
      ) : null}
      <DistributorsSection workspace={workspace} mayShare={mayShare} />
    </div>
  );
}
