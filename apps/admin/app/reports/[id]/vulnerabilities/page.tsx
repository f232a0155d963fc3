import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { CaseNav } from "~/cases/case-nav";
import { CveSection } from "~/cases/cve/cve-section";
import { loadOr404 } from "~/cases/load-or-404";
import { VulnerabilitiesView } from "~/cases/vulnerabilities/vulnerabilities-view";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Vulnerabilities & CVSS" };

/**
 * A case's vulnerabilities: the Fix Lead's CVSS call on each (with the shared calculator and the reporter's vector
 * beside it), CVE and CWE, and the decisions that move the timeline's dates (slow-down, upstream timeline).
 */
export default async function VulnerabilitiesPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const caller = await serverCaller();
  // A report that is not a case (yet) is CONFLICT: said in words rather than as a missing page.
  const view = await loadOr404(async () => {
    try {
      return await caller.vulnerabilities.list({ reportId: id });
    } catch (error) {
      if (error instanceof TRPCError && error.code === "CONFLICT") return null;
      throw error;
    }
  });
  const short = (view?.reportId ?? id).slice(0, 8);
  // Each vulnerability's CVE request and the reporter's credit (issue 14), beside the vulnerabilities.
  const [cve, credit] = view
    ? await Promise.all([
        caller.cveRequests.list({ reportId: view.reportId }),
        caller.cveRequests.credit({ reportId: view.reportId }),
      ])
    : [null, null];
  return (
    <div className="space-y-6">
      <CaseNav reportId={view?.reportId ?? id} current="vulnerabilities" isCase={view !== null} />
      <h1 className="text-2xl font-bold tracking-tight">
        Vulnerabilities & CVSS <span className="font-mono text-lg font-normal text-slate-600">{short}</span>
      </h1>
      {view ? (
        <>
          <VulnerabilitiesView view={view} />
          {cve && credit ? <CveSection cve={cve} credit={credit} /> : null}
        </>
      ) : (
        <p className="rounded-lg bg-white p-4 shadow-sm">
          This report is not a case yet: its vulnerabilities are scored once it is accepted.{" "}
          <Link href={`/reports/${id}`} className="text-sky-700 underline">
            Back to the report
          </Link>
        </p>
      )}
    </div>
  );
}
