import { DataTable, LocalTime } from "@disclose/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Embargoed cases" };

/** For a distributor member: the cases disclosed early to their organisation, with each embargo's end. */
export default async function DistributorCasesPage() {
  await requireStaffSession();
  const { cases } = await (await serverCaller()).distributorCases.list();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Embargoed cases</h1>
      <p className="max-w-3xl text-slate-700">
        Cases the project&rsquo;s security team disclosed early to your organisation. Everything here is under
        embargo until its end: share nothing outside your organisation&rsquo;s security team.
      </p>
      <DataTable
        caption="Cases disclosed to your organisation"
        rows={cases}
        rowKey={(c) => c.caseId}
        rowTestId="distributor-case"
        empty="No case has been disclosed to your organisation. You will get an email when one is."
        columns={[
          {
            header: "Case",
            cell: (c) => (
              <Link href={`/distributor/cases/${c.caseId}`} className="font-mono text-sky-700 underline">
                {c.caseId.slice(0, 8)}
              </Link>
            ),
          },
          { header: "Embargo ends", cell: (c) => (c.disclosureAt ? <LocalTime at={c.disclosureAt} /> : "—") },
          { header: "Notified", cell: (c) => <LocalTime at={c.notifiedAt} /> },
          {
            header: "Receipt",
            cell: (c) => (c.acknowledgedAt ? "Acknowledged" : "Not acknowledged yet"),
          },
        ]}
      />
    </div>
  );
}
