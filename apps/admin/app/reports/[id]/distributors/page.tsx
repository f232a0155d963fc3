import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { CaseNav } from "~/cases/case-nav";
import { loadOr404 } from "~/cases/load-or-404";
import { CaseFeedback } from "~/distributors/feedback/case-feedback";
import { CaseLeaks } from "~/distributors/leaks/case-leaks";
import { TraceLeakedFile } from "~/distributors/leaks/trace-leaked-file";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Distributors" };

/**
 * The case's distributors, for its team (404 for anyone else): every notified organisation's feedback (details
 * decrypted in this browser), the leaks reported with the PST's assessment and decision, and, for the PST,
 * tracing a leaked file to the organisation whose copy it is.
 */
export default async function CaseDistributorsPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const caller = await serverCaller();
  const view = await loadOr404(() => caller.distributorLeaks.listForCase({ reportId: id }));
  const reportId = view.leaks[0]?.caseId ?? id;
  return (
    <div className="space-y-6">
      <CaseNav reportId={reportId} current="distributors" isCase />
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">
          Distributors of case <span className="font-mono">{reportId.slice(0, 8)}</span>
        </h1>
        <p className="max-w-3xl text-slate-700">
          What the organisations notified early reported back, and any leak of the embargo.
        </p>
      </div>
      <section aria-labelledby="feedback" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
        <h2 id="feedback" className="text-lg font-semibold">
          Feedback
        </h2>
        <CaseFeedback reportId={reportId} />
      </section>
      <section aria-labelledby="leaks" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
        <h2 id="leaks" className="text-lg font-semibold">
          Leaks
        </h2>
        <CaseLeaks reportId={reportId} />
      </section>
      {view.mayAssess ? (
        <section aria-labelledby="trace" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
          <h2 id="trace" className="text-lg font-semibold">
            Trace a leaked file
          </h2>
          <p className="max-w-3xl text-sm text-slate-700">
            Each organisation's copy carries its own mark, in a trailer line of the patch and in the file
            name. Choose a leaked file to find whose copy it is.
          </p>
          <TraceLeakedFile />
        </section>
      ) : null}
    </div>
  );
}
