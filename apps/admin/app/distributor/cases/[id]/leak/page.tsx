import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { loadOr404 } from "~/cases/load-or-404";
import { ReportLeakForm } from "~/distributors/leaks/report-leak-form";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Report a leak" };

/**
 * The embargo policy's duty: a member whose organisation leaked embargoed material tells the security team at
 * once, what leaked, to whom, when and how it will be prevented. For cases disclosed to their organisation only.
 */
export default async function DistributorLeakPage({ params }: { params: Promise<{ id: string }> }) {
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
          Report a leak of case <span className="font-mono">{recipients.reportId.slice(0, 8)}</span>
        </h1>
        <p className="max-w-3xl text-slate-700">
          If embargoed material given to {recipients.organizationName} reached anyone outside the embargo,
          tell the security team now. The PST assesses the damage and decides whether to release early; when
          in doubt, the fix goes public as soon as possible.
        </p>
      </div>
      <div className="rounded-lg bg-white p-4 shadow-sm">
        <ReportLeakForm reportId={recipients.reportId} />
      </div>
    </div>
  );
}
