import { DataTable } from "@disclose/ui";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireStaffSession } from "~/auth/session";
import { RecoveryActions } from "~/recovery/recovery-actions";
import { approvalsText, endText, formatWhen, STATE_TEXT, type TRecoveryList } from "~/recovery/recovery-text";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Recoveries" };

/**
 * The approvers' page: people who lost every second factor and asked for recovery. An admin's and a PST
 * member's approval, by two people other than the person, are both needed; each approver first confirms with the
 * person by a call or in person. For admins and PST members; anyone else gets the 404 page.
 */
export default async function RecoveriesPage() {
  await requireStaffSession();
  const api = await serverCaller();
  let list: TRecoveryList;
  try {
    list = await api.recovery.list();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") notFound();
    throw error;
  }

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">Recoveries</h1>
        <p className="max-w-3xl text-slate-700">
          Someone who lost their authenticator, passkeys and recovery codes asks here to recover their
          account. Whoever reads their mailbox could have asked, so before you approve, call them or see them
          in person and check that they asked. An admin and a PST member, two different people, must both
          approve; then their old second factors are removed and they set up a new one within 24 hours. Times
          in UTC.
        </p>
      </div>

      <section aria-labelledby="open-heading" className="space-y-3">
        <h2 id="open-heading" className="text-lg font-semibold">
          Open requests
        </h2>
        {list.open.length === 0 ? (
          <p className="rounded-lg bg-white p-6 text-slate-700 shadow-sm">
            Nobody is waiting for a recovery. You get an email when someone asks.
          </p>
        ) : (
          <ul className="space-y-4">
            {list.open.map((r) => (
              <li key={r.id} className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-semibold">
                    {r.member.name}{" "}
                    <span className="break-all font-normal text-slate-600">&lt;{r.member.email}&gt;</span>
                  </h3>
                  <span className="text-sm font-medium">{STATE_TEXT[r.state]}</span>
                </div>
                <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
                  <dt className="font-medium text-slate-600">Reason</dt>
                  <dd className="whitespace-pre-wrap break-words">{r.reason}</dd>
                  <dt className="font-medium text-slate-600">Asked</dt>
                  <dd className="font-mono text-xs">{formatWhen(r.requestedAt)}</dd>
                  <dt className="font-medium text-slate-600">
                    {r.state === "approved" ? "Enrol by" : "Expires"}
                  </dt>
                  <dd className="font-mono text-xs">{formatWhen(r.expiresAt)}</dd>
                  <dt className="font-medium text-slate-600">Approvals</dt>
                  <dd>{approvalsText(r)}</dd>
                </dl>
                <RecoveryActions recovery={r} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="recent-heading" className="space-y-3">
        <h2 id="recent-heading" className="text-lg font-semibold">
          Closed in the last 30 days
        </h2>
        <DataTable
          caption="Recovery requests closed in the last 30 days, the latest first. Times in UTC."
          rows={list.recent}
          rowKey={(r) => r.id}
          empty="No recovery was completed, cancelled or expired in the last 30 days."
          columns={[
            {
              header: "Person",
              cell: (r) => (
                <>
                  <span className="block font-medium">{r.member.name}</span>
                  <span className="block break-all text-slate-600">{r.member.email}</span>
                </>
              ),
            },
            {
              header: "Asked (UTC)",
              cell: (r) => formatWhen(r.requestedAt),
              className: "whitespace-nowrap font-mono text-xs",
            },
            { header: "Outcome", cell: endText },
            { header: "Approvals", cell: approvalsText },
          ]}
        />
      </section>
    </div>
  );
}
