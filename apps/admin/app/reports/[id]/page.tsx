import { AppError } from "@disclose/api";
import { formatUtc, hasFixTeam } from "@disclose/domain";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireStaffSession } from "~/auth/session";
import { CaseNav } from "~/cases/case-nav";
import { CaseExploitation } from "~/cases/overview/case-exploitation";
import { CaseFacts } from "~/cases/overview/case-facts";
import { CaseTimeline } from "~/cases/overview/case-timeline";
import { NextAction } from "~/cases/overview/next-action";
import { CaseAccess } from "~/grants/case-access";
import { FixTeam } from "~/reports/fix-team";
import { ReportView } from "~/reports/report-view";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Report" };

export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const caller = await serverCaller();
  let report: Awaited<ReturnType<typeof caller.cases.get>>;
  try {
    report = await caller.cases.get({ reportId: id });
  } catch (error) {
    // Not found and not allowed look the same on purpose.
    if (error instanceof TRPCError && (error.cause instanceof AppError || error.code === "BAD_REQUEST"))
      notFound();
    throw error;
  }
  // Per case and role: the rotation only for who may reassign the Fix Lead, candidates only for the Fix Lead.
  const [context, workflow, caseEvents] = await Promise.all([
    caller.cases.triageContext({ reportId: report.id }),
    caller.caseWorkflow.get({ reportId: report.id }),
    caller.caseEvents.list({ reportId: report.id }),
  ]);
  return (
    <div className="space-y-6">
      <p>
        <Link href="/inbox" className="text-sky-700 underline">
          ← Inbox
        </Link>
      </p>
      <CaseNav reportId={report.id} current="overview" isCase={workflow.isCase} />
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">
          {workflow.isCase ? "Case" : "Report"} <span className="font-mono">{report.id.slice(0, 8)}</span>
        </h1>
        <p className="text-slate-700">
          <span data-testid="report-state">{report.stateLabel}</span> · received{" "}
          <time dateTime={report.receivedAt.toISOString()}>{formatUtc(report.receivedAt)}</time>
          {report.byEmail ? (
            <span data-testid="report-by-email">
              {" "}
              · by email{" "}
              {report.byEmail.from ? `from ${report.byEmail.from}` : "(the sender's address was erased)"}
              {report.byEmail.date ? <>, sent {formatUtc(report.byEmail.date)}</> : null}
            </span>
          ) : null}
          {report.alreadyPublic ? (
            <span className="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs font-bold text-white">
              PUBLIC · ASAP
            </span>
          ) : null}
        </p>
        <p className="text-sm text-slate-600">
          {hasFixTeam(report.state) ? (
            <>
              Fix Lead: <span data-testid="fix-lead">{report.fixLead?.name ?? "none yet"}</span>
              {report.notifyEmail ? " · " : null}
            </>
          ) : null}
          {report.notifyEmail ? <>reporter notified at {report.notifyEmail}</> : null}
        </p>
      </div>
      <NextAction workflow={workflow} />
      {workflow.isCase ? (
        <>
          <CaseTimeline workflow={workflow} />
          <CaseFacts workflow={workflow} />
          <CaseExploitation initial={caseEvents} />
        </>
      ) : null}
      <ReportView report={report} pstMembers={context.pstMembers} />
      {hasFixTeam(report.state) ? <FixTeam report={report} staff={context.staff} /> : null}
      {/* Encrypted to keys no one here holds, nobody opened it yet: no access to show; the notice says why. */}
      {report.unheldKeys.length > 0 && !report.hasSummary ? null : <CaseAccess report={report} />}
    </div>
  );
}
