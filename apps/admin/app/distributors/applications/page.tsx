import { DataTable } from "@disclose/ui";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import {
  formatUtc,
  STATUS_TEXT,
  type TApplicationRow,
  type TApplicationStatus,
  VOUCH_TEXT,
} from "~/distributors/applications/types";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Applications to the distributors list" };

const FILTERS: readonly { status: TApplicationStatus | null; label: string }[] = [
  { status: "submitted", label: "Waiting" },
  { status: "approved", label: "Approved" },
  { status: "rejected", label: "Rejected" },
  { status: null, label: "All" },
];

/**
 * For the PST: every application to the private distributors list, newest first, by status. For a distributor
 * member: the vouch requests naming them.
 */
export default async function ApplicationsPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string | string[] }>;
}) {
  await requireStaffSession();
  const { status: asked } = await searchParams;
  // Waiting applications first: the PST's work queue. An unknown value shows all rather than an error page.
  const status: TApplicationStatus | null =
    asked === undefined
      ? "submitted"
      : asked === "submitted" || asked === "approved" || asked === "rejected"
        ? asked
        : null;
  const api = await serverCaller();
  const list = await api.distributorApplications.list(status ? { status } : {}).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return null;
    throw error;
  });

  if (list === null) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold tracking-tight">Applications to the distributors list</h1>
        <p className="rounded-md bg-white p-4 text-slate-700 shadow-sm">
          Only PST members (who decide) and distributor members (who vouch) see applications.
        </p>
      </div>
    );
  }
  const pst = list.view === "pst";

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">
          {pst ? "Applications to the distributors list" : "Vouch requests"}
        </h1>
        <p className="text-slate-700">
          {pst
            ? "Distributors apply on the portal. Each needs all seven membership criteria, the embargo policy accepted, and a vouch from someone on the list (or a PST member); the PST decides."
            : "Applicants to the private distributors list who named you as the person on the list who can vouch for them. Open one to confirm or decline."}
        </p>
      </div>

      <nav aria-label="Filter by status">
        <ul className="flex flex-wrap gap-2">
          {FILTERS.map((filter) => {
            const current = filter.status === status;
            return (
              <li key={filter.label}>
                <Link
                  href={`/distributors/applications?status=${filter.status ?? "all"}`}
                  aria-current={current ? "page" : undefined}
                  className={`inline-block rounded-full border px-3 py-1 text-sm ${
                    current
                      ? "border-sky-700 bg-sky-700 text-white"
                      : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"
                  }`}
                >
                  {filter.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <DataTable<TApplicationRow>
        caption={`${list.applications.length} ${list.applications.length === 1 ? "application" : "applications"}, newest first. Times in UTC.`}
        rows={list.applications}
        rowKey={(row) => row.id}
        rowTestId="application-row"
        empty={
          pst
            ? status === "submitted"
              ? "No application is waiting for a decision."
              : "No application here."
            : "Nobody has asked you to vouch for them."
        }
        columns={[
          {
            header: "Organisation",
            cell: (row) => (
              <Link
                href={`/distributors/applications/${row.id}`}
                className="font-medium text-sky-700 underline"
              >
                {row.organizationName}
              </Link>
            ),
          },
          { header: "Distribution", cell: (row) => row.distribution },
          { header: "Applicant", cell: (row) => row.applicantName },
          { header: "Status", cell: (row) => STATUS_TEXT[row.status] },
          {
            header: pst ? "Vouches" : "Your answer",
            cell: (row) =>
              pst
                ? `${row.confirmedVouches ?? 0} confirmed${row.myVouch ? ` (you: ${VOUCH_TEXT[row.myVouch].toLowerCase()})` : ""}`
                : row.myVouch
                  ? VOUCH_TEXT[row.myVouch]
                  : "Not answered yet",
          },
          {
            header: "Received (UTC)",
            cell: (row) => (
              <span className="whitespace-nowrap font-mono text-xs">{formatUtc(row.createdAt)}</span>
            ),
          },
        ]}
      />
    </div>
  );
}
