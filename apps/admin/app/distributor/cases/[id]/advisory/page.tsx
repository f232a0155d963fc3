import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { loadOr404 } from "~/cases/load-or-404";
import { DraftReview } from "~/distributors/advisory/draft-review";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Draft advisory" };

/** A notified distributor reads the draft advisory shared with their organisation and comments on it. */
export default async function DistributorAdvisoryPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const caller = await serverCaller();
  const view = await loadOr404(() => caller.advisories.distributorDraft({ reportId: id }));
  return (
    <div className="space-y-6">
      <p>
        <Link href={`/distributor/cases/${view.reportId}`} className="text-sky-700 underline">
          ← The embargoed case
        </Link>
      </p>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">
          Draft advisory of case <span className="font-mono">{view.reportId.slice(0, 8)}</span>
        </h1>
        <p className="max-w-3xl text-slate-700">
          Help with the release notes: read the draft advisory and tell the project&rsquo;s security team what
          to change. Embargoed like the patches until the disclosure time.
        </p>
      </div>
      <DraftReview view={view} />
    </div>
  );
}
