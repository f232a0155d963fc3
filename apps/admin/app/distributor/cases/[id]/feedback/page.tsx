import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { loadOr404 } from "~/cases/load-or-404";
import { FeedbackForm } from "~/distributors/feedback/feedback-form";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Feedback on a case" };

/**
 * A notified distributor reports back on a case disclosed to their organisation (404 for anyone else): affected or
 * not, what their tests found, details encrypted to the case's team.
 */
export default async function DistributorFeedbackPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const caller = await serverCaller();
  const recipients = await loadOr404(() => caller.distributorFeedback.recipients({ reportId: id }));
  return (
    <div className="space-y-6">
      <p>
        <Link href={`/distributor/cases/${recipients.reportId}`} className="text-sky-700 underline">
          ← The embargoed case
        </Link>
      </p>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">
          Feedback on case <span className="font-mono">{recipients.reportId.slice(0, 8)}</span>
        </h1>
        <p className="max-w-3xl text-slate-700">
          Tell the project's security team whether {recipients.organizationName}'s package is affected and
          what your review and tests of the patch found. “Nothing found” is worth reporting too.
        </p>
      </div>
      <FeedbackForm reportId={recipients.reportId} />
    </div>
  );
}
